package org.surgecare.core.care.rules;

import java.time.Instant;
import java.util.Objects;

/** A one-off closure (holiday, outage, training) from {@code from} inclusive to {@code until} exclusive. */
public record Closure(Instant from, Instant until, String reason) {
  public Closure {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    if (!until.isAfter(from)) {
      throw new IllegalArgumentException("a closure must end after it starts");
    }
    reason = reason == null ? "" : reason;
  }

  public boolean covers(Instant at) {
    return !at.isBefore(from) && at.isBefore(until);
  }
}
