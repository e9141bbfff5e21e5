package org.surgecare.load.care;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Tops the journal up to a number of visits for the cold-start benchmark. Visits made through the API during the
 * benchmarks are counted first; the rest are copies of one real intake (its {@code IntakeStarted} and
 * {@code VisitOpened} rows, byte for byte except for fresh visit and patient ids), each under its own new
 * persistence ids, so every copy is a valid, recoverable entity. Queues are not touched: their waiting lists
 * stay as the API left them. Prints {@code apiVisits=N copiedVisits=M seconds=S}.
 *
 * <pre>java ... ColdStartFiller JDBC_URL TARGET_VISITS</pre>
 */
public final class ColdStartFiller {
  private static final int CHUNK = 10_000;

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ColdStartFiller JDBC_URL TARGET_VISITS");
      System.exit(2);
    }
    long started = System.nanoTime();
    long target = Long.parseLong(args[1]);
    try (Connection c = DriverManager.getConnection(args[0])) {
      long existing = visits(c);
      long toCopy = Math.max(0, target - existing);
      Template t = toCopy > 0 ? template(c) : null;
      long copied = 0;
      c.setAutoCommit(false);
      while (copied < toCopy) {
        int n = (int) Math.min(CHUNK, toCopy - copied);
        copy(c, t, copied, n);
        c.commit();
        copied += n;
      }
      System.out.printf(Locale.ROOT, "apiVisits=%d copiedVisits=%d seconds=%.1f%n",
          existing, copied, (System.nanoTime() - started) / 1e9);
    }
  }

  static long visits(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT count(*) FROM event_journal WHERE persistence_id LIKE 'Visit|%' AND sequence_number = 1");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  record Template(long intakeOrdering, long openedOrdering, String tenant, String visitId, String patientId) {}

  /** The latest intake whose visit opened: its two rows are what every copy is made of. */
  static Template template(Connection c) throws SQLException {
    String sql = "SELECT p.ordering, v.ordering, v.persistence_id, p.persistence_id, convert_from(v.event_payload, 'UTF8')"
        + " FROM event_journal v JOIN event_journal p"
        + "   ON p.persistence_id LIKE 'PatientVisits|%' AND p.event_ser_manifest LIKE '%IntakeStarted'"
        + "  AND position(substr(v.persistence_id, strpos(v.persistence_id, ':') + 1) in convert_from(p.event_payload, 'UTF8')) > 0"
        + " WHERE v.persistence_id LIKE 'Visit|%' AND v.sequence_number = 1 AND v.event_ser_manifest LIKE '%VisitOpened'"
        + " ORDER BY v.ordering DESC LIMIT 1";
    try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
      if (!r.next()) {
        throw new IllegalStateException("no opened visit in the journal to copy: run an intake first");
      }
      String visitPid = r.getString(3);
      String patientPid = r.getString(4);
      if (!r.getString(5).startsWith("{")) {
        throw new IllegalStateException("events are not stored as JSON; cannot copy them");
      }
      String tenant = visitPid.substring(visitPid.indexOf('|') + 1, visitPid.indexOf(':'));
      return new Template(r.getLong(1), r.getLong(2), tenant,
          visitPid.substring(visitPid.indexOf(':') + 1), patientPid.substring(patientPid.indexOf(':') + 1));
    }
  }

  static void copy(Connection c, Template t, long from, int n) throws SQLException {
    String columns = "persistence_id, sequence_number, deleted, writer, write_timestamp, adapter_manifest,"
        + " event_ser_id, event_ser_manifest, event_payload, meta_ser_id, meta_ser_manifest, meta_payload";
    String payload = "convert_to(replace(replace(convert_from(e.event_payload, 'UTF8'), ?, g.vid),"
        + " ?, '\"patientId\":\"' || g.pid || '\"'), 'UTF8')";
    String sql = "WITH g AS MATERIALIZED (SELECT gen_random_uuid()::text AS vid, ? || n AS pid"
        + "   FROM generate_series(?::bigint, ?::bigint) n)"
        + " INSERT INTO event_journal (" + columns + ")"
        + " SELECT x.* FROM ("
        + "  SELECT 'PatientVisits|' || ? || ':' || g.pid, e.sequence_number, false, e.writer, e.write_timestamp,"
        + "   e.adapter_manifest, e.event_ser_id, e.event_ser_manifest, " + payload + ", e.meta_ser_id, e.meta_ser_manifest, e.meta_payload"
        + "   FROM g, event_journal e WHERE e.ordering = ?"
        + "  UNION ALL"
        + "  SELECT 'Visit|' || ? || ':' || g.vid, e.sequence_number, false, e.writer, e.write_timestamp,"
        + "   e.adapter_manifest, e.event_ser_id, e.event_ser_manifest, " + payload + ", e.meta_ser_id, e.meta_ser_manifest, e.meta_payload"
        + "   FROM g, event_journal e WHERE e.ordering = ?) x";
    String oldPatient = "\"patientId\":\"" + t.patientId() + "\"";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      s.setString(i++, "cold-" + Long.toString(System.currentTimeMillis(), 36) + "-");
      s.setLong(i++, from + 1);
      s.setLong(i++, from + n);
      s.setString(i++, t.tenant());
      s.setString(i++, t.visitId());
      s.setString(i++, oldPatient);
      s.setLong(i++, t.intakeOrdering());
      s.setString(i++, t.tenant());
      s.setString(i++, t.visitId());
      s.setString(i++, oldPatient);
      s.setLong(i++, t.openedOrdering());
      s.executeUpdate();
    }
  }
}
