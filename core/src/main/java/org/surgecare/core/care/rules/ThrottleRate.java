package org.surgecare.core.care.rules;

import java.time.Duration;
import java.util.Objects;

/** How many new visits a busy queue admits per window, e.g. 6 per 15 minutes. */
public record ThrottleRate(int visits, Duration per) {
  public ThrottleRate {
    Objects.requireNonNull(per, "per");
    if (visits < 0) {
      throw new IllegalArgumentException("visits must not be negative");
    }
    if (per.isZero() || per.isNegative()) {
      throw new IllegalArgumentException("the window must be positive");
    }
  }
}
