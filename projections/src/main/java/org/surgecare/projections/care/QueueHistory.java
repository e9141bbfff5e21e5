package org.surgecare.projections.care;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.surgecare.core.common.UsState;

/**
 * A queue's recent past for the dashboard chart, from visit_board in one query: per 10-minute bucket, how many
 * patients were waiting at its end (or now, for the current bucket) and the median wait of the patients a provider
 * took during it. A visit waits from its request until it is assigned, started or ended, whichever came first.
 */
public final class QueueHistory {
  public static final Duration BUCKET = Duration.ofMinutes(10);
  public static final int MAX_HOURS = 24;

  /** One bucket: when it starts, the patients waiting at its end, and the median wait of those taken in it. */
  public record Bucket(Instant from, int waiting, Optional<Duration> medianWait) {}

  // Buckets are aligned to whole 10 minutes so that a chart refreshed later shows the same past bars. The join
  // keeps only visits whose waiting overlaps a bucket; rejected visits never waited.
  private static final String SQL = """
      WITH buckets AS (
        SELECT b AS starts, b + interval '10 minutes' AS ends, least(b + interval '10 minutes', now()) AS counted_at
          FROM generate_series(
                 to_timestamp(floor(extract(epoch FROM now() - make_interval(hours => ?)) / 600) * 600),
                 now(), interval '10 minutes') AS b
      ), visits AS (
        SELECT requested_at,
               coalesce(assigned_at, started_at, ended_at) AS left_at,
               coalesce(assigned_at, started_at) AS taken_at
          FROM visit_board
         WHERE tenant = ? AND state = ? AND status <> 'REJECTED'
      )
      SELECT b.starts,
             count(v.requested_at) FILTER (
               WHERE v.requested_at <= b.counted_at AND (v.left_at IS NULL OR v.left_at > b.counted_at)) AS waiting,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM v.taken_at - v.requested_at)) FILTER (
               WHERE v.taken_at >= b.starts AND v.taken_at < b.ends) AS median_wait
        FROM buckets b
        LEFT JOIN visits v ON v.requested_at < b.ends AND (v.left_at IS NULL OR v.left_at >= b.starts)
       GROUP BY b.starts
       ORDER BY b.starts
      """;

  private final DataSource readModels;

  public QueueHistory(DataSource readModels) {
    this.readModels = readModels;
  }

  /** The buckets of the last {@code hours} hours, oldest first, the current (partial) bucket last. */
  public List<Bucket> load(String tenant, UsState state, int hours) throws SQLException {
    if (hours < 1 || hours > MAX_HOURS) {
      throw new IllegalArgumentException("hours must be 1 to " + MAX_HOURS);
    }
    List<Bucket> buckets = new ArrayList<>();
    try (Connection c = readModels.getConnection(); PreparedStatement query = c.prepareStatement(SQL)) {
      query.setInt(1, hours);
      query.setString(2, tenant);
      query.setString(3, state.name());
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          double median = rs.getDouble("median_wait");
          Optional<Duration> medianWait = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(Math.round(median)));
          buckets.add(new Bucket(rs.getTimestamp("starts").toInstant(), rs.getInt("waiting"), medianWait));
        }
      }
    }
    return buckets;
  }
}
