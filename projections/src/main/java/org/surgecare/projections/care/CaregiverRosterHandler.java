package org.surgecare.projections.care;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.surgecare.core.care.caregiver.Caregiver;
import org.surgecare.core.common.EntityId;
import org.surgecare.core.common.Role;
import org.surgecare.projections.common.PooledJdbcSession;

/**
 * Keeps the caregiver roster tables from caregiver events, a group of events per transaction in their order (few
 * events, so one statement each); every statement is idempotent under replay.
 */
public final class CaregiverRosterHandler extends JdbcHandler<List<EventEnvelope<Caregiver.Event>>, PooledJdbcSession> {

  @Override
  public void process(PooledJdbcSession session, List<EventEnvelope<Caregiver.Event>> envelopes) throws Exception {
    session.withConnection(connection -> {
      for (EventEnvelope<Caregiver.Event> envelope : envelopes) {
        apply(connection, EntityId.parse(PersistenceId.extractEntityId(envelope.persistenceId())), envelope.event());
      }
      return null;
    });
  }

  static void apply(Connection connection, EntityId id, Caregiver.Event event) throws SQLException {
    if (event instanceof Caregiver.CaregiverInvited e) {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO caregiver_roster (tenant, caregiver_id, display_name, email, roles, availability, invited_at, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, 'OFFLINE', ?, ?) ON CONFLICT (tenant, caregiver_id) DO NOTHING")) {
        insert.setString(1, id.tenant());
        insert.setString(2, id.key());
        insert.setString(3, e.displayName());
        insert.setString(4, e.email());
        insert.setString(5, e.roles().stream().map(Role::slug).sorted().collect(Collectors.joining(",")));
        insert.setTimestamp(6, Timestamp.from(e.at()));
        insert.setTimestamp(7, Timestamp.from(e.at()));
        insert.executeUpdate();
      }
    } else if (event instanceof Caregiver.LicenseAdded e) {
      try (PreparedStatement upsert = connection.prepareStatement(
          "INSERT INTO caregiver_license (tenant, caregiver_id, state, license_number, expires, status, updated_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, caregiver_id, state) DO UPDATE SET"
              + " license_number = EXCLUDED.license_number, expires = EXCLUDED.expires, status = EXCLUDED.status,"
              + " updated_at = EXCLUDED.updated_at")) {
        upsert.setString(1, id.tenant());
        upsert.setString(2, id.key());
        upsert.setString(3, e.license().state().name());
        upsert.setString(4, e.license().number());
        upsert.setObject(5, e.license().expires());
        upsert.setString(6, e.license().status().name());
        upsert.setTimestamp(7, Timestamp.from(e.at()));
        upsert.executeUpdate();
      }
      touch(connection, id, e.at());
    } else if (event instanceof Caregiver.LicenseReviewed e) {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE caregiver_license SET status = ?, updated_at = ? WHERE tenant = ? AND caregiver_id = ? AND state = ?")) {
        update.setString(1, e.status().name());
        update.setTimestamp(2, Timestamp.from(e.at()));
        update.setString(3, id.tenant());
        update.setString(4, id.key());
        update.setString(5, e.state().name());
        update.executeUpdate();
      }
      touch(connection, id, e.at());
    } else if (event instanceof Caregiver.ProfileUpdated e) {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE caregiver_roster SET display_name = ?, phone = ?, status = 'ACTIVE', updated_at = ?"
              + " WHERE tenant = ? AND caregiver_id = ?")) {
        update.setString(1, e.displayName());
        update.setString(2, e.phone());
        update.setTimestamp(3, Timestamp.from(e.at()));
        update.setString(4, id.tenant());
        update.setString(5, id.key());
        update.executeUpdate();
      }
    } else if (event instanceof Caregiver.AvailabilityChanged e) {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE caregiver_roster SET availability = ?, updated_at = ? WHERE tenant = ? AND caregiver_id = ?")) {
        update.setString(1, e.availability().name());
        update.setTimestamp(2, Timestamp.from(e.at()));
        update.setString(3, id.tenant());
        update.setString(4, id.key());
        update.executeUpdate();
      }
    }
  }

  private static void touch(Connection connection, EntityId id, Instant at) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE caregiver_roster SET updated_at = ? WHERE tenant = ? AND caregiver_id = ?")) {
      update.setTimestamp(1, Timestamp.from(at));
      update.setString(2, id.tenant());
      update.setString(3, id.key());
      update.executeUpdate();
    }
  }
}
