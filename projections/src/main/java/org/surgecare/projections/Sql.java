package org.surgecare.projections;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** Runs one parameterised statement; parameters are bound by their Java type. */
final class Sql {
  private Sql() {}

  /**
   * Applies one event to the row of a board table keyed by tenant and {@code keyColumn}, only if the row has not
   * seen that sequence number yet: replaying events never applies one twice.
   */
  static int applyEvent(Connection connection, String table, String keyColumn, String tenant, Object key, long seq,
      String set, Object... values) throws SQLException {
    Object[] parameters = new Object[values.length + 4];
    System.arraycopy(values, 0, parameters, 0, values.length);
    parameters[values.length] = seq;
    parameters[values.length + 1] = tenant;
    parameters[values.length + 2] = key;
    parameters[values.length + 3] = seq;
    return update(connection,
        "UPDATE " + table + " SET " + (set.isEmpty() ? "" : set + ", ") + "seq = ?, updated_at = now()"
            + " WHERE tenant = ? AND " + keyColumn + " = ? AND seq < ?",
        parameters);
  }

  static int update(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        Object p = parameters[i];
        if (p instanceof Instant instant) {
          statement.setTimestamp(i + 1, Timestamp.from(instant));
        } else if (p == null) {
          statement.setNull(i + 1, java.sql.Types.NULL);
        } else if (p instanceof UUID || p instanceof String || p instanceof Number || p instanceof Boolean) {
          statement.setObject(i + 1, p);
        } else {
          statement.setObject(i + 1, p.toString());
        }
      }
      return statement.executeUpdate();
    }
  }
}
