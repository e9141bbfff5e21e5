package org.surgecare.projections.care;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Read-your-writes over the read models: a write returns a consistency token naming the visit and its sequence
 * number; a read that carries it waits until visit_board has applied that write, so a lagging projection or
 * replica never shows a caregiver a missing visit.
 *
 * <p>Each check is a JDBC query on the blocking-reads executor; between checks nothing waits on a thread: the
 * next check is scheduled on a timer, which only hands it back to that executor.
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
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final Executor blockingReads;

  public ReadModelConsistency(DataSource readModels, Clock clock, ScheduledExecutorService timer, Executor blockingReads) {
    this.readModels = readModels;
    this.clock = clock;
    this.timer = timer;
    this.blockingReads = blockingReads;
  }

  /**
   * Completes with true once the read model has applied the token's write, with false when the time is up first
   * (the clock's time, checked after every poll), and exceptionally when a query fails.
   */
  public CompletionStage<Boolean> await(String tenant, Token token, Duration timeout) {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    check(tenant, token, clock.instant().plus(timeout), result);
    return result;
  }

  private void check(String tenant, Token token, Instant deadline, CompletableFuture<Boolean> result) {
    try {
      blockingReads.execute(() -> {
        try {
          if (applied(tenant, token)) {
            result.complete(true);
          } else if (clock.instant().isAfter(deadline)) {
            result.complete(false);
          } else {
            timer.schedule(() -> check(tenant, token, deadline, result), POLL.toMillis(), TimeUnit.MILLISECONDS);
          }
        } catch (SQLException | RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RuntimeException rejected) {
      // The executor or timer is shut down: the node is stopping.
      result.completeExceptionally(rejected);
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
