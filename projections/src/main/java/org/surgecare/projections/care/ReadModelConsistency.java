package org.surgecare.projections.care;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Read-your-writes over the read models: a write returns a consistency token naming the visit and its sequence
 * number; a read that carries it waits until visit_board has applied that write, so a lagging projection or
 * replica never shows a caregiver a missing visit.
 */
public final class ReadModelConsistency {
  /** A write to wait for: this visit at least at this sequence number. */
  public record Token(UUID visitId, long seq) {
    private static final String PREFIX = "v1.";

    public String encode() {
      return PREFIX + visitId + "." + seq;
    }

    public static Optional<Token> decode(String text) {
      if (text == null || !text.startsWith(PREFIX)) {
        return Optional.empty();
      }
      String[] parts = text.substring(PREFIX.length()).split("\\.");
      if (parts.length != 2) {
        return Optional.empty();
      }
      try {
        long seq = Long.parseLong(parts[1]);
        return seq > 0 ? Optional.of(new Token(UUID.fromString(parts[0]), seq)) : Optional.empty();
      } catch (IllegalArgumentException notAToken) {
        return Optional.empty();
      }
    }
  }

  static final Duration POLL = Duration.ofMillis(20);

  private final DataSource readModels;

  public ReadModelConsistency(DataSource readModels) {
    this.readModels = readModels;
  }

  /** Blocks until the read model has applied the token's write or the time is up; true when it has. */
  public boolean await(String tenant, Token token, Duration timeout) throws SQLException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      if (applied(tenant, token)) {
        return true;
      }
      if (Instant.now().isAfter(deadline)) {
        return false;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private boolean applied(String tenant, Token token) throws SQLException {
    try (Connection c = readModels.getConnection();
        PreparedStatement query = c.prepareStatement("SELECT seq FROM visit_board WHERE tenant = ? AND visit_id = ?")) {
      query.setString(1, tenant);
      query.setObject(2, token.visitId());
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() && rs.getLong(1) >= token.seq();
      }
    }
  }
}
