package org.surgecare.projections.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.pekko.projection.ProjectionId;

/**
 * How far each read-model projection trails the journal: the tagged events after its stored offset, and the age
 * of the oldest of them. Both are served by the (tag, event_id) index.
 */
public final class ProjectionLag {

  public record Lag(ProjectionId id, long offset, long events, Duration age) {}

  private static final String SQL = """
      SELECT coalesce((SELECT current_offset::bigint FROM pekko_projection_offset_store
                        WHERE projection_name = ? AND projection_key = ? AND manifest = 'SEQ'), 0) AS offset_at
      """;

  private static final String BEHIND = """
      SELECT count(*), min(j.write_timestamp)
        FROM event_tag t JOIN event_journal j ON j.ordering = t.event_id
       WHERE t.tag = ? AND t.event_id > ?
      """;

  private final DataSource dataSource;
  private final List<ProjectionId> projections;

  public ProjectionLag(DataSource dataSource, List<ProjectionId> projections) {
    this.dataSource = dataSource;
    this.projections = List.copyOf(projections);
  }

  public List<Lag> all(Instant now) throws SQLException {
    List<Lag> lags = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement offsets = c.prepareStatement(SQL);
        PreparedStatement behind = c.prepareStatement(BEHIND)) {
      for (ProjectionId id : projections) {
        offsets.setString(1, id.name());
        offsets.setString(2, id.key());
        long offset;
        try (ResultSet rs = offsets.executeQuery()) {
          rs.next();
          offset = rs.getLong(1);
        }
        behind.setString(1, id.key());
        behind.setLong(2, offset);
        try (ResultSet rs = behind.executeQuery()) {
          rs.next();
          long events = rs.getLong(1);
          long oldest = rs.getLong(2);
          Duration age = events == 0 || rs.wasNull()
              ? Duration.ZERO
              : Duration.between(Instant.ofEpochMilli(oldest), now);
          lags.add(new Lag(id, offset, events, age.isNegative() ? Duration.ZERO : age));
        }
      }
    }
    return lags;
  }
}
