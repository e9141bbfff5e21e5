package org.surgecare.projections.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import javax.sql.DataSource;
import org.apache.pekko.Done;

/**
 * The access audit trail in PostgreSQL ({@code audit_log}, append-only): who, in which role and tenant, did what
 * to which visit, and when. Records are written by group commit, so concurrent requests share a round trip, and
 * read back newest first for one visit or one caregiver.
 */
public final class AuditLog implements AutoCloseable {
  /** Longest action and detail kept; both are descriptions, never bodies. */
  static final int MAX_TEXT = 1_000;

  /** One access or change. {@code visitId} is empty when the action concerns no single visit. */
  public record Entry(Instant at, String tenant, String who, String role, Optional<String> visitId, String action, String detail) {
    public Entry {
      Objects.requireNonNull(at, "at");
      tenant = clean(tenant);
      who = clean(who);
      role = clean(role);
      visitId = visitId.map(AuditLog::clean);
      action = clean(action);
      detail = clean(detail);
    }
  }

  public record Recorded(long id, Entry entry) {}

  /** Records newest first; {@code nextBefore} continues the listing when there are more. */
  public record Page(List<Recorded> records, Optional<Long> nextBefore) {}

  private static final String INSERT =
      "INSERT INTO audit_log (at, tenant, who, role, visit_id, action, detail) VALUES (?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT =
      "SELECT id, at, tenant, who, role, visit_id, action, detail FROM audit_log WHERE tenant = ? AND ";

  private final DataSource dataSource;
  private final GroupCommit<Entry> writer;

  public AuditLog(DataSource dataSource, Duration linger, int maxBatch) {
    this.dataSource = dataSource;
    this.writer = new GroupCommit<>("audit-writer", this::insert, linger, maxBatch, 10_000);
  }

  /** Completes once the entry is committed. */
  public CompletionStage<Done> record(Entry entry) {
    return writer.submit(entry);
  }

  public Page ofVisit(String tenant, String visitId, long before, int limit) throws SQLException {
    return page(SELECT + "visit_id = ? AND id < ? ORDER BY id DESC LIMIT ?", tenant, visitId, before, limit);
  }

  public Page byCaregiver(String tenant, String who, long before, int limit) throws SQLException {
    return page(SELECT + "who = ? AND id < ? ORDER BY id DESC LIMIT ?", tenant, who, before, limit);
  }

  private void insert(List<Entry> batch) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
        for (Entry e : batch) {
          insert.setTimestamp(1, Timestamp.from(e.at()));
          insert.setString(2, e.tenant());
          insert.setString(3, e.who());
          insert.setString(4, e.role());
          insert.setString(5, e.visitId().orElse(null));
          insert.setString(6, e.action());
          insert.setString(7, e.detail());
          insert.addBatch();
        }
        insert.executeBatch();
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  private Page page(String sql, String tenant, String key, long before, int limit) throws SQLException {
    List<Recorded> records = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, tenant);
      query.setString(2, key);
      query.setLong(3, before);
      query.setInt(4, limit + 1);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          records.add(new Recorded(rs.getLong(1), new Entry(
              rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
              Optional.ofNullable(rs.getString(6)), rs.getString(7), rs.getString(8))));
        }
      }
    }
    if (records.size() <= limit) {
      return new Page(records, Optional.empty());
    }
    List<Recorded> shown = records.subList(0, limit);
    return new Page(List.copyOf(shown), Optional.of(shown.get(limit - 1).id()));
  }

  /** PostgreSQL text holds no NUL characters; descriptions are cut to a bounded length. */
  private static String clean(String text) {
    String value = Objects.requireNonNullElse(text, "").replace('\0', ' ');
    return value.length() > MAX_TEXT ? value.substring(0, MAX_TEXT) : value;
  }

  @Override
  public void close() {
    writer.close();
  }
}
