package org.surgecare.projections;

import java.sql.Connection;
import java.sql.SQLException;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.surgecare.core.EntityId;
import org.surgecare.core.queue.QueueState;
import org.surgecare.core.queue.StateQueue;
import org.surgecare.core.rules.QueueSettings;
import org.surgecare.core.rules.UsState;
import org.surgecare.core.rules.WaitEstimator;

/**
 * Keeps queue_board and queue_provider from queue events. Who waits in which order comes from visit_board; this
 * keeps what the dashboard needs to evaluate hours, throttle and estimate at read time. Statements apply an
 * event only once (seq), so a replay leaves the same tables.
 */
public final class QueueBoardHandler extends JdbcHandler<EventEnvelope<StateQueue.Event>, PooledJdbcSession> {
  /** Admissions kept for the busy throttle; more than any sensible busy rate admits in one window. */
  static final int ADMISSIONS_KEPT = 200;

  @Override
  public void process(PooledJdbcSession session, EventEnvelope<StateQueue.Event> envelope) throws Exception {
    EntityId id = EntityId.parse(PersistenceId.extractEntityId(envelope.persistenceId()));
    session.withConnection(connection -> {
      apply(connection, id.tenant(), UsState.valueOf(id.key()), envelope.sequenceNr(), envelope.event());
      return null;
    });
  }

  static void apply(Connection c, String tenant, UsState state, long seq, StateQueue.Event event) throws SQLException {
    Sql.update(c,
        "INSERT INTO queue_board (tenant, state, settings, updated_at) VALUES (?, ?, ?::jsonb, now())"
            + " ON CONFLICT (tenant, state) DO NOTHING",
        tenant, state.name(), ReadModelJson.settings(QueueSettings.defaults(state.defaultZone())));
    if (event instanceof StateQueue.VisitQueued e) {
      update(c, tenant, state, seq,
          "recent_admissions = (recent_admissions || ?::timestamptz)[greatest(1, cardinality(recent_admissions) + 2 - "
              + ADMISSIONS_KEPT + "):]",
          e.at());
    } else if (event instanceof StateQueue.VisitLengthRecorded e) {
      update(c, tenant, state, seq,
          "recent_visit_seconds = (recent_visit_seconds || ?::int)[greatest(1, cardinality(recent_visit_seconds) + 2 - "
              + WaitEstimator.RECENT_VISITS + "):]",
          (int) e.length().toSeconds());
    } else if (event instanceof StateQueue.VisitClaimed) {
      departed(c, tenant, state, seq, false);
    } else if (event instanceof StateQueue.VisitReleased e && QueueState.gaveUp(e.outcome())) {
      // The queue counts this only for a visit that was still waiting; a claimed visit cancelled by its patient
      // is rare enough that the read model does not keep the claims to tell them apart.
      departed(c, tenant, state, seq, true);
    } else if (event instanceof StateQueue.BusySet e) {
      update(c, tenant, state, seq, "busy_message = ?, busy_by = ?, busy_since = coalesce(busy_since, ?)", e.message(), e.by(), e.at());
    } else if (event instanceof StateQueue.BusyCleared) {
      update(c, tenant, state, seq, "busy_message = NULL, busy_by = NULL, busy_since = NULL");
    } else if (event instanceof StateQueue.SettingsChanged e) {
      update(c, tenant, state, seq, "settings = ?::jsonb", ReadModelJson.settings(e.settings()));
    } else if (event instanceof StateQueue.OverrideSet e) {
      update(c, tenant, state, seq, "override = ?", e.override().name());
    } else if (event instanceof StateQueue.ProviderAnnounced e) {
      if (e.statesServed() <= 0) {
        Sql.update(c, "DELETE FROM queue_provider WHERE tenant = ? AND state = ? AND caregiver_id = ?",
            tenant, state.name(), e.caregiverId());
      } else {
        Sql.update(c,
            "INSERT INTO queue_provider (tenant, state, caregiver_id, states_served, available, practice_until)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, state, caregiver_id) DO UPDATE SET"
                + " states_served = EXCLUDED.states_served, available = EXCLUDED.available,"
                + " practice_until = EXCLUDED.practice_until",
            tenant, state.name(), e.caregiverId(), e.statesServed(), e.available(), e.practiceUntil());
      }
      update(c, tenant, state, seq, "");
    } else {
      update(c, tenant, state, seq, "");
    }
  }

  private static void departed(Connection c, String tenant, UsState state, long seq, boolean gaveUp) throws SQLException {
    update(c, tenant, state, seq,
        "recent_departures = (recent_departures || ?::boolean)[greatest(1, cardinality(recent_departures) + 2 - "
            + WaitEstimator.RECENT_DEPARTURES + "):]",
        gaveUp);
  }

  private static void update(Connection c, String tenant, UsState state, long seq, String set, Object... values) throws SQLException {
    Sql.applyEvent(c, "queue_board", "state", tenant, state.name(), seq, set, values);
  }
}
