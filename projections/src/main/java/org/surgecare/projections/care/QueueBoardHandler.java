package org.surgecare.projections.care;

import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.surgecare.core.care.queue.QueueState;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.care.rules.QueueSettings;
import org.surgecare.core.care.rules.WaitEstimator;
import org.surgecare.core.common.EntityId;
import org.surgecare.core.common.UsState;
import org.surgecare.projections.common.PooledJdbcSession;
import org.surgecare.projections.common.Sql;

/**
 * Keeps queue_board and queue_provider from queue events. Who waits in which order comes from visit_board; this
 * keeps what the dashboard needs to evaluate hours, throttle and estimate at read time. A group of events is
 * applied in one transaction, in JDBC batches, each queue's events in order. Statements apply an event only once
 * (seq), so a replay leaves the same tables.
 */
public final class QueueBoardHandler extends JdbcHandler<List<EventEnvelope<StateQueue.Event>>, PooledJdbcSession> {
  /** Admissions kept for the busy throttle; more than any sensible busy rate admits in one window. */
  static final int ADMISSIONS_KEPT = 200;

  private record Applied(String tenant, UsState state, long seq, StateQueue.Event event) {
    static Applied of(EventEnvelope<StateQueue.Event> envelope) {
      EntityId id = EntityId.parse(PersistenceId.extractEntityId(envelope.persistenceId()));
      return new Applied(id.tenant(), UsState.valueOf(id.key()), envelope.sequenceNr(), envelope.event());
    }

    EntityId queue() {
      return new EntityId(tenant, state.name());
    }
  }

  @Override
  public void process(PooledJdbcSession session, List<EventEnvelope<StateQueue.Event>> envelopes) throws Exception {
    List<Applied> events = envelopes.stream().map(Applied::of).toList();
    session.withConnection(connection -> {
      try (Sql.Batch batch = new Sql.Batch(connection)) {
        // Every queue of the group has its row before any of its events updates it.
        Set<EntityId> queues = new LinkedHashSet<>();
        for (Applied e : events) {
          if (queues.add(e.queue())) {
            batch.add("INSERT INTO queue_board (tenant, state, settings, updated_at) VALUES (?, ?, ?::jsonb, now())"
                    + " ON CONFLICT (tenant, state) DO NOTHING",
                e.tenant(), e.state().name(), ReadModelJson.settings(QueueSettings.defaults(e.state().defaultZone())));
          }
        }
        batch.execute();
        for (List<Applied> wave : Sql.waves(events, Applied::queue)) {
          for (Applied e : wave) {
            apply(batch, e.tenant(), e.state(), e.seq(), e.event());
          }
          batch.execute();
        }
      }
      return null;
    });
  }

  /** The statements of one event; they touch different rows, so they may run in any order. */
  private static void apply(Sql.Batch batch, String tenant, UsState state, long seq, StateQueue.Event event) throws SQLException {
    if (event instanceof StateQueue.VisitQueued e) {
      update(batch, tenant, state, seq,
          "recent_admissions = (recent_admissions || ?::timestamptz)[greatest(1, cardinality(recent_admissions) + 2 - "
              + ADMISSIONS_KEPT + "):]",
          e.at());
    } else if (event instanceof StateQueue.VisitLengthRecorded e) {
      update(batch, tenant, state, seq,
          "recent_visit_seconds = (recent_visit_seconds || ?::int)[greatest(1, cardinality(recent_visit_seconds) + 2 - "
              + WaitEstimator.RECENT_VISITS + "):]",
          (int) e.length().toSeconds());
    } else if (event instanceof StateQueue.VisitClaimed) {
      departed(batch, tenant, state, seq, false);
    } else if (event instanceof StateQueue.VisitReleased e && QueueState.gaveUp(e.outcome())) {
      // The queue counts this only for a visit that was still waiting; a claimed visit cancelled by its patient
      // is rare enough that the read model does not keep the claims to tell them apart.
      departed(batch, tenant, state, seq, true);
    } else if (event instanceof StateQueue.BusySet e) {
      update(batch, tenant, state, seq, "busy_message = ?, busy_by = ?, busy_since = coalesce(busy_since, ?)", e.message(), e.by(), e.at());
    } else if (event instanceof StateQueue.BusyCleared) {
      update(batch, tenant, state, seq, "busy_message = NULL, busy_by = NULL, busy_since = NULL");
    } else if (event instanceof StateQueue.SettingsChanged e) {
      update(batch, tenant, state, seq, "settings = ?::jsonb", ReadModelJson.settings(e.settings()));
    } else if (event instanceof StateQueue.OverrideSet e) {
      update(batch, tenant, state, seq, "override = ?", e.override().name());
    } else if (event instanceof StateQueue.ProviderAnnounced e) {
      if (e.statesServed() <= 0) {
        batch.add("DELETE FROM queue_provider WHERE tenant = ? AND state = ? AND caregiver_id = ?",
            tenant, state.name(), e.caregiverId());
      } else {
        batch.add(
            "INSERT INTO queue_provider (tenant, state, caregiver_id, states_served, available, practice_until)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, state, caregiver_id) DO UPDATE SET"
                + " states_served = EXCLUDED.states_served, available = EXCLUDED.available,"
                + " practice_until = EXCLUDED.practice_until",
            tenant, state.name(), e.caregiverId(), e.statesServed(), e.available(), e.practiceUntil());
      }
      update(batch, tenant, state, seq, "");
    } else {
      update(batch, tenant, state, seq, "");
    }
  }

  private static void departed(Sql.Batch batch, String tenant, UsState state, long seq, boolean gaveUp) throws SQLException {
    update(batch, tenant, state, seq,
        "recent_departures = (recent_departures || ?::boolean)[greatest(1, cardinality(recent_departures) + 2 - "
            + WaitEstimator.RECENT_DEPARTURES + "):]",
        gaveUp);
  }

  private static void update(Sql.Batch batch, String tenant, UsState state, long seq, String set, Object... values) throws SQLException {
    Sql.applyEvent(batch, "queue_board", "state", tenant, state.name(), seq, set, values);
  }
}
