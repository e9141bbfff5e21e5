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
