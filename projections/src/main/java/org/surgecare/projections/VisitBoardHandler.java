package org.surgecare.projections;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.surgecare.core.EntityId;
import org.surgecare.core.Role;
import org.surgecare.core.visit.IntakeDetails;
import org.surgecare.core.visit.Visit;
import org.surgecare.core.visit.VisitStatus;

/**
 * Keeps visit_board from visit events. Every statement only applies an event newer than the row's seq, so a
 * replay from any offset leaves the same table.
 */
public final class VisitBoardHandler extends JdbcHandler<EventEnvelope<Visit.Event>, PooledJdbcSession> {

  @Override
  public void process(PooledJdbcSession session, EventEnvelope<Visit.Event> envelope) throws Exception {
    EntityId id = EntityId.parse(PersistenceId.extractEntityId(envelope.persistenceId()));
    session.withConnection(connection -> {
      apply(connection, id.tenant(), UUID.fromString(id.key()), envelope.sequenceNr(), envelope.event());
      return null;
    });
  }

  static void apply(Connection c, String tenant, UUID visit, long seq, Visit.Event event) throws SQLException {
    if (event instanceof Visit.VisitOpened e) {
      insert(c, tenant, visit, seq, e.intake(), VisitStatus.WAITING, null, e.at());
    } else if (event instanceof Visit.VisitRejected e) {
      insert(c, tenant, visit, seq, e.intake(), VisitStatus.REJECTED, e.at(), e.at());
    } else if (event instanceof Visit.VisitAssigned e) {
      update(c, tenant, visit, seq, "status = 'ASSIGNED', provider_id = ?, assigned_at = ?", e.providerId(), e.at());
    } else if (event instanceof Visit.VisitUnassigned) {
      update(c, tenant, visit, seq, "status = 'WAITING', provider_id = NULL, assigned_at = NULL");
    } else if (event instanceof Visit.VisitStarted e) {
      update(c, tenant, visit, seq, "status = 'IN_PROGRESS', started_at = ?", e.at());
    } else if (event instanceof Visit.VisitCompleted e) {
      update(c, tenant, visit, seq, "status = 'COMPLETED', ended_at = ?", e.at());
    } else if (event instanceof Visit.VisitNoShow e) {
      update(c, tenant, visit, seq, "status = 'NO_SHOW', ended_at = ?", e.at());
    } else if (event instanceof Visit.VisitCancelled e) {
      update(c, tenant, visit, seq, "status = 'CANCELLED', ended_at = ?", e.at());
    } else if (event instanceof Visit.VisitTransferred e) {
      update(c, tenant, visit, seq, "state = ?", e.to().name());
    } else if (event instanceof Visit.MessagePosted e && e.senderRole() == Role.PATIENT) {
      update(c, tenant, visit, seq,
          "patient_messages = array_append(patient_messages, ?::bigint),"
              + " unread_messages = CASE WHEN ? > staff_read_up_to THEN unread_messages + 1 ELSE unread_messages END",
          e.number(), e.number());
    } else if (event instanceof Visit.MessagesRead e) {
      update(c, tenant, visit, seq,
          "staff_read_up_to = greatest(staff_read_up_to, ?::bigint),"
              + " unread_messages = (SELECT count(*) FROM unnest(patient_messages) AS n WHERE n > greatest(staff_read_up_to, ?::bigint))",
          e.upTo(), e.upTo());
    } else {
      // Other visit events do not change what the board shows; the seq still moves on.
      update(c, tenant, visit, seq, "");
    }
  }

  private static void insert(
      Connection c, String tenant, UUID visit, long seq, IntakeDetails intake, VisitStatus status, Instant endedAt, Instant at)
      throws SQLException {
    Sql.update(c,
        "INSERT INTO visit_board (tenant, visit_id, state, status, priority, patient_id, patient_name, reason,"
            + " requested_at, ended_at, seq, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (tenant, visit_id) DO NOTHING",
        tenant, visit, intake.state().name(), status.name(), intake.priority(), intake.patientId(), intake.patientName(),
        intake.reason(), intake.requestedAt(), endedAt, seq, at);
  }

  private static void update(Connection c, String tenant, UUID visit, long seq, String set, Object... values) throws SQLException {
    Sql.applyEvent(c, "visit_board", "visit_id", tenant, visit, seq, set, values);
  }
}
