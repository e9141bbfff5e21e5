package org.surgecare.core.care.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What a visit's chat accepts: non-blank text up to a length, at most N messages per sender in any sliding
 * window (so one party cannot flood the other or the journal), and a cap on messages per visit (the whole chat
 * lives in the visit's state and snapshots).
 */
public record ChatLimits(int maxLength, int perSender, Duration window, int maxMessages) {
  public static final ChatLimits DEFAULT = new ChatLimits(2_000, 10, Duration.ofSeconds(10), 500);

  public ChatLimits {
    Objects.requireNonNull(window, "window");
    if (maxLength < 1 || perSender < 1 || maxMessages < 1) {
      throw new IllegalArgumentException("chat limits must be positive");
    }
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("the window must be positive");
    }
  }

  /** Whether a message may be posted, and if not, why. */
  public sealed interface Verdict {}

  public record Accepted() implements Verdict {}

  /** The text is blank or too long: the request itself is wrong. */
  public record Invalid(String detail) implements Verdict {}

  /** The sender posted too often; the earliest moment the next message fits is {@code retryAfter} from now. */
  public record Throttled(Duration retryAfter) implements Verdict {}

  /** The visit's chat holds the most messages it may. */
  public record Full(int maxMessages) implements Verdict {}

  /**
   * Checks one message. {@code senderPosts} are the times this sender posted before (any order; only those in the
   * window ending now count); {@code posted} is how many messages the chat holds.
   */
  public Verdict check(String text, Collection<Instant> senderPosts, int posted, Instant now) {
    if (text == null || text.isBlank()) {
      return new Invalid("a message needs text");
    }
    if (text.length() > maxLength) {
      return new Invalid("a message is at most " + maxLength + " characters");
    }
    if (posted >= maxMessages) {
      return new Full(maxMessages);
    }
    Instant windowStart = now.minus(window);
    List<Instant> inWindow = senderPosts.stream().filter(at -> at.isAfter(windowStart) && !at.isAfter(now)).sorted().toList();
    if (inWindow.size() < perSender) {
      return new Accepted();
    }
    // A place frees up once enough of the sender's posts in the window are a full window old.
    Instant frees = inWindow.get(inWindow.size() - perSender).plus(window);
    return new Throttled(Duration.between(now, frees));
  }
}
