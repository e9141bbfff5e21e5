package org.surgecare.load.care;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The raw baseline for journal efficiency: batched INSERTs of journal-like rows (same columns, keys and index as
 * {@code event_journal}, payloads of an event's size) into a scratch table of the same PostgreSQL, one commit
 * per batch, for a bounded time. Prints one line: {@code rows=N seconds=S rowsPerSecond=R}. The scratch table
 * is dropped afterwards.
 *
 * <pre>java ... RawInsertBaseline JDBC_URL SECONDS [THREADS] [BATCH]</pre>
 */
public final class RawInsertBaseline {
  private static final String TABLE = "bench_raw_journal";

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: RawInsertBaseline JDBC_URL SECONDS [THREADS] [BATCH]");
      System.exit(2);
    }
    String url = args[0];
    double seconds = Double.parseDouble(args[1]);
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 400;
    Result result = run(url, seconds, threads, batch);
    System.out.printf(Locale.ROOT, "rows=%d seconds=%.2f rowsPerSecond=%.0f threads=%d batch=%d%n",
        result.rows(), result.seconds(), result.rows() / result.seconds(), threads, batch);
  }

  public record Result(long rows, double seconds) {}

  public static Result run(String url, double seconds, int threads, int batch) throws Exception {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + TABLE);
      s.execute("CREATE TABLE " + TABLE + " (LIKE event_journal INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
      s.execute("ALTER TABLE " + TABLE + " ALTER COLUMN ordering DROP DEFAULT");
      s.execute("CREATE SEQUENCE IF NOT EXISTS " + TABLE + "_seq");
      s.execute("ALTER TABLE " + TABLE + " ALTER COLUMN ordering SET DEFAULT nextval('" + TABLE + "_seq')");
      s.execute("ALTER TABLE " + TABLE + " ADD PRIMARY KEY (persistence_id, sequence_number)");
      s.execute("CREATE UNIQUE INDEX " + TABLE + "_ordering_idx ON " + TABLE + " (ordering)");
    }
    byte[] payload = ("{\"intake\":{\"visitId\":\"" + UUID.randomUUID() + "\",\"patientId\":\"patient-0000000\","
        + "\"patientName\":\"Pat Morgan\",\"reason\":\"sore throat\",\"priority\":0,\"state\":\"WA\","
        + "\"requestedAt\":\"2026-11-22T01:05:21.540026170Z\"},\"at\":\"2026-11-22T01:05:21.551Z\"}")
        .getBytes(StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Long>> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int writer = t;
      writers.add(pool.submit(() -> write(url, writer, batch, payload, deadline)));
    }
    long rows = 0;
    for (Future<Long> w : writers) {
      rows += w.get();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + TABLE);
      s.execute("DROP SEQUENCE IF EXISTS " + TABLE + "_seq");
    }
    return new Result(rows, elapsed);
  }

  private static long write(String url, int writer, int batch, byte[] payload, long deadline) throws SQLException {
    long rows = 0;
    long entity = 0;
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE
          + " (persistence_id, sequence_number, deleted, writer, write_timestamp, adapter_manifest,"
          + " event_ser_id, event_ser_manifest, event_payload) VALUES (?, ?, false, ?, ?, '', 33, ?, ?)")) {
        while (System.nanoTime() < deadline) {
          for (int i = 0; i < batch; i++) {
            insert.setString(1, "Visit|bench:" + writer + "-" + entity++);
            insert.setLong(2, 1);
            insert.setString(3, "bench-writer-" + writer);
            insert.setLong(4, System.currentTimeMillis());
            insert.setString(5, "org.surgecare.core.care.visit.Visit$VisitOpened");
            insert.setBytes(6, payload);
            insert.addBatch();
          }
          insert.executeBatch();
          c.commit();
          rows += batch;
        }
      }
    }
    return rows;
  }
}
