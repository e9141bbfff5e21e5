package org.surgecare.projections.care;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.surgecare.core.care.visit.IntakeDetails;
import org.surgecare.core.care.visit.Visit;
import org.surgecare.core.care.visit.VisitStatus;
import org.surgecare.core.common.EntityId;
import org.surgecare.core.common.Role;
import org.surgecare.core.common.UsState;
import org.surgecare.projections.common.PooledJdbcSession;
import org.surgecare.projections.common.Sql;

/**
 * Keeps visit_board, and the waiting count of each queue in queue_waiting, from visit events. A group of events
 * is applied in one transaction, in JDBC batches, each visit's events in order. Every statement only applies an
 * event newer than the row's seq, so a replay from any offset leaves the same tables.
 */
public final class VisitBoardHandler extends JdbcHandler<List<EventEnvelope<Visit.Event>>, PooledJdbcSession> {
  private static final String INSERT =
      "INSERT INTO visit_board (tenant, visit_id, state, status, priority, patient_id, patient_name, reason,"
          + " requested_at, ended_at, seq, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (tenant, visit_id) DO NOTHING";
  private static final String READ_ROWS =
      "SELECT visit_id, state, status, seq FROM visit_board WHERE tenant = ? AND visit_id = ANY (?)";
  private static final String ADD_WAITING =
      "INSERT INTO queue_waiting (tenant, state, waiting) VALUES (?, ?, ?)"
          + " ON CONFLICT (tenant, state) DO UPDATE SET waiting = queue_waiting.waiting + EXCLUDED.waiting";

  /** One visit event with the visit it belongs to. */
  private record Applied(Key key, long seq, Visit.Event event) {
    static Applied of(EventEnvelope<Visit.Event> envelope) {
      EntityId id = EntityId.parse(PersistenceId.extractEntityId(envelope.persistenceId()));
      return new Applied(new Key(id.tenant(), UUID.fromString(id.key())), envelope.sequenceNr(), envelope.event());
    }
  }

  private record Key(String tenant, UUID visit) {}

  /** What the waiting counts need of a row: where the visit is, in which status, as of which event. */
  private record Row(String state, VisitStatus status, long seq) {
    boolean waiting() {
      return status == VisitStatus.WAITING;
    }
  }

  /**
   * What an event after the first does to its row: a new status and state when it changes them (which the waiting
   * counts follow), and other columns to set.
   */
  private record Change(Optional<VisitStatus> status, Optional<UsState> state, String set, Object... values) {
    static Change to(VisitStatus status, String set, Object... values) {
      return new Change(Optional.of(status), Optional.empty(), set, values);
    }

    static Change columns(String set, Object... values) {
      return new Change(Optional.empty(), Optional.empty(), set, values);
    }
  }

  private record QueueKey(String tenant, String state) {}

  @Override
  public void process(PooledJdbcSession session, List<EventEnvelope<Visit.Event>> envelopes) throws Exception {
    session.withConnection(connection -> {
      apply(connection, envelopes.stream().map(Applied::of).toList());
      return null;
    });
  }

  private static void apply(Connection c, List<Applied> events) throws SQLException {
    Map<Key, Row> before = rows(c, events);
    Map<Key, Row> after = new HashMap<>(before);
    try (Sql.Batch batch = new Sql.Batch(c)) {
      for (List<Applied> wave : Sql.waves(events, Applied::key)) {
        for (Applied e : wave) {
          write(batch, e);
          Row row = next(after.get(e.key()), e);
          if (row != null) {
            after.put(e.key(), row);
          }
        }
        batch.execute();
      }
      // Counts change last and in one order of queues, so concurrent slices never wait on each other in a cycle.
      Map<QueueKey, Integer> waiting = new TreeMap<>(Comparator.comparing(QueueKey::tenant).thenComparing(QueueKey::state));
      after.forEach((key, row) -> {
        Row old = before.get(key);
        if (old != null && old.waiting()) {
          waiting.merge(new QueueKey(key.tenant(), old.state()), -1, Integer::sum);
        }
        if (row.waiting()) {
          waiting.merge(new QueueKey(key.tenant(), row.state()), 1, Integer::sum);
        }
      });
      for (Map.Entry<QueueKey, Integer> delta : waiting.entrySet()) {
        if (delta.getValue() != 0) {
          batch.add(ADD_WAITING, delta.getKey().tenant(), delta.getKey().state(), delta.getValue());
        }
      }
      batch.execute();
    }
  }

  /** The rows of the group's visits as they are before it (absent: not on the board yet). */
  private static Map<Key, Row> rows(Connection c, List<Applied> events) throws SQLException {
    Map<String, List<UUID>> byTenant = new LinkedHashMap<>();
    events.forEach(e -> byTenant.computeIfAbsent(e.key().tenant(), t -> new ArrayList<>()).add(e.key().visit()));
    Map<Key, Row> rows = new HashMap<>();
    try (PreparedStatement query = c.prepareStatement(READ_ROWS)) {
      for (Map.Entry<String, List<UUID>> tenant : byTenant.entrySet()) {
        Array ids = c.createArrayOf("uuid", tenant.getValue().stream().distinct().toArray());
        query.setString(1, tenant.getKey());
        query.setArray(2, ids);
        try (ResultSet rs = query.executeQuery()) {
          while (rs.next()) {
            rows.put(new Key(tenant.getKey(), rs.getObject(1, UUID.class)),
                new Row(rs.getString(2), VisitStatus.valueOf(rs.getString(3)), rs.getLong(4)));
          }
        }
      }
    }
    return rows;
  }

  /** The row after the event, as the statement of {@link #write} leaves it; null while the visit has no row. */
  private static Row next(Row row, Applied e) {
    if (e.event() instanceof Visit.VisitOpened opened) {
      return row != null ? row : new Row(opened.intake().state().name(), VisitStatus.WAITING, e.seq());
    }
    if (e.event() instanceof Visit.VisitRejected rejected) {
      return row != null ? row : new Row(rejected.intake().state().name(), VisitStatus.REJECTED, e.seq());
    }
    if (row == null || e.seq() <= row.seq()) {
      return row;
    }
    Change change = change(e.event());
    return new Row(
        change.state().map(UsState::name).orElse(row.state()), change.status().orElse(row.status()), e.seq());
  }

  private static void write(Sql.Batch batch, Applied e) throws SQLException {
    String tenant = e.key().tenant();
    UUID visit = e.key().visit();
    if (e.event() instanceof Visit.VisitOpened opened) {
      insert(batch, tenant, visit, e.seq(), opened.intake(), VisitStatus.WAITING, null, opened.at());
    } else if (e.event() instanceof Visit.VisitRejected rejected) {
      insert(batch, tenant, visit, e.seq(), rejected.intake(), VisitStatus.REJECTED, rejected.at(), rejected.at());
    } else {
      Change change = change(e.event());
      List<Object> values = new ArrayList<>();
      StringBuilder set = new StringBuilder();
      change.status().ifPresent(status -> {
        set.append("status = ?");
        values.add(status.name());
      });
      change.state().ifPresent(state -> {
        set.append(set.isEmpty() ? "" : ", ").append("state = ?");
        values.add(state.name());
      });
      if (!change.set().isEmpty()) {
        set.append(set.isEmpty() ? "" : ", ").append(change.set());
        values.addAll(List.of(change.values()));
      }
      Sql.applyEvent(batch, "visit_board", "visit_id", tenant, visit, e.seq(), set.toString(), values.toArray());
    }
  }

  private static Change change(Visit.Event event) {
    if (event instanceof Visit.VisitAssigned e) {
      return Change.to(VisitStatus.ASSIGNED, "provider_id = ?, assigned_at = ?", e.providerId(), e.at());
    } else if (event instanceof Visit.VisitUnassigned) {
      return Change.to(VisitStatus.WAITING, "provider_id = NULL, assigned_at = NULL");
    } else if (event instanceof Visit.VisitStarted e) {
      return Change.to(VisitStatus.IN_PROGRESS, "started_at = ?", e.at());
    } else if (event instanceof Visit.VisitCompleted e) {
      return Change.to(VisitStatus.COMPLETED, "ended_at = ?", e.at());
    } else if (event instanceof Visit.VisitNoShow e) {
      return Change.to(VisitStatus.NO_SHOW, "ended_at = ?", e.at());
    } else if (event instanceof Visit.VisitCancelled e) {
      return Change.to(VisitStatus.CANCELLED, "ended_at = ?", e.at());
    } else if (event instanceof Visit.VisitTransferred e) {
      return new Change(Optional.empty(), Optional.of(e.to()), "");
    } else if (event instanceof Visit.MessagePosted e && e.senderRole() == Role.PATIENT) {
      return Change.columns(
          "patient_messages = array_append(patient_messages, ?::bigint),"
              + " unread_messages = CASE WHEN ? > staff_read_up_to THEN unread_messages + 1 ELSE unread_messages END",
          e.number(), e.number());
    } else if (event instanceof Visit.MessagesRead e) {
      return Change.columns(
          "staff_read_up_to = greatest(staff_read_up_to, ?::bigint),"
              + " unread_messages = (SELECT count(*) FROM unnest(patient_messages) AS n WHERE n > greatest(staff_read_up_to, ?::bigint))",
          e.upTo(), e.upTo());
    }
    // Other visit events do not change what the board shows; the seq still moves on.
    return Change.columns("");
  }

  private static void insert(Sql.Batch batch, String tenant, UUID visit, long seq, IntakeDetails intake,
      VisitStatus status, Instant endedAt, Instant at) throws SQLException {
    batch.add(INSERT, tenant, visit, intake.state().name(), status.name(), intake.priority(), intake.patientId(),
        intake.patientName(), intake.reason(), intake.requestedAt(), endedAt, seq, at);
  }
}
