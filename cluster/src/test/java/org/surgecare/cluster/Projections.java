package org.surgecare.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.javadsl.ProjectionManagement;
import org.awaitility.Awaitility;
import org.surgecare.projections.care.ReadModelProjections;

/** Controls and reads the node's read models in tests: pause, resume, wait for catch-up, dump tables. */
public final class Projections {
  private final Node node;

  public Projections(Node node) {
    this.node = node;
  }

  public List<ProjectionId> named(String name) {
    return ReadModelProjections.ids().stream().filter(id -> id.name().equals(name)).toList();
  }

  public void pause(String name) {
    named(name).forEach(id -> join(ProjectionManagement.get(node.system()).pause(id)));
  }

  public void resume(String name) {
    named(name).forEach(id -> join(ProjectionManagement.get(node.system()).resume(id)));
  }

  /** Waits until every visit in the journal shows in visit_board at its last sequence number. */
  public void awaitVisitBoardCaughtUp() {
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> query("""
        SELECT count(*) FROM (
          SELECT persistence_id, max(sequence_number) AS seq FROM event_journal
           WHERE persistence_id LIKE 'Visit|%' GROUP BY persistence_id) j
        LEFT JOIN visit_board v ON 'Visit|' || v.tenant || ':' || v.visit_id = j.persistence_id AND v.seq = j.seq
        WHERE v.visit_id IS NULL""").get(0).equals("0"));
  }

  /** The rows of a query, each as one string, for comparing whole tables. */
  public List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(node.jdbcUrl()); ResultSet rs = c.createStatement().executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.append(i > 1 ? " | " : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  public void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(node.jdbcUrl())) {
      c.createStatement().execute(sql);
    }
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
