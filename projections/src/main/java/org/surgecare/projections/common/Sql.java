package org.surgecare.projections.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Parameterised statements, one at a time or in JDBC batches; parameters are bound by their Java type. */
public final class Sql {
  private Sql() {}

  /**
   * Applies one event to the row of a board table keyed by tenant and {@code keyColumn}, only if the row has not
   * seen that sequence number yet: replaying events never applies one twice.
   */
  public static void applyEvent(Batch batch, String table, String keyColumn, String tenant, Object key, long seq,
      String set, Object... values) throws SQLException {
    Object[] parameters = new Object[values.length + 4];
    System.arraycopy(values, 0, parameters, 0, values.length);
    parameters[values.length] = seq;
    parameters[values.length + 1] = tenant;
    parameters[values.length + 2] = key;
    parameters[values.length + 3] = seq;
    batch.add(
        "UPDATE " + table + " SET " + (set.isEmpty() ? "" : set + ", ") + "seq = ?, updated_at = now()"
            + " WHERE tenant = ? AND " + keyColumn + " = ? AND seq < ?",
        parameters);
  }

  private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
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
  }

  /**
   * Splits a group of events into waves: wave k holds the k-th event of every entity in the group, in arrival
   * order. Within a wave no entity appears twice, so the statements of a wave touch different rows and may run
   * in any order (grouped by statement, in JDBC batches); waves run one after the other, so every entity's events
   * still apply in its own order.
   */
  public static <T> List<List<T>> waves(List<T> events, Function<T, ?> entity) {
    Map<Object, Integer> seen = new HashMap<>();
    List<List<T>> waves = new ArrayList<>();
    for (T event : events) {
      int wave = seen.merge(entity.apply(event), 1, Integer::sum) - 1;
      if (wave == waves.size()) {
        waves.add(new ArrayList<>());
      }
      waves.get(wave).add(event);
    }
    return waves;
  }

  /**
   * Statements of one transaction sent in JDBC batches, one batch per statement text: {@link #execute} runs what
   * was added since the last execute, text by text in the order each text was first added. Add only statements that
   * may run in any order among themselves, then execute before adding what must follow them.
   */
  public static final class Batch implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new LinkedHashMap<>();
    private final Set<String> pending = new LinkedHashSet<>();

    public Batch(Connection connection) {
      this.connection = connection;
    }

    public void add(String sql, Object... parameters) throws SQLException {
      PreparedStatement statement = prepared.get(sql);
      if (statement == null) {
        statement = connection.prepareStatement(sql);
        prepared.put(sql, statement);
      }
      bind(statement, parameters);
      statement.addBatch();
      pending.add(sql);
    }

    public void execute() throws SQLException {
      for (String sql : pending) {
        prepared.get(sql).executeBatch();
      }
      pending.clear();
    }

    @Override
    public void close() throws SQLException {
      SQLException failure = null;
      for (PreparedStatement statement : prepared.values()) {
        try {
          statement.close();
        } catch (SQLException e) {
          failure = failure == null ? e : failure;
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }
}
