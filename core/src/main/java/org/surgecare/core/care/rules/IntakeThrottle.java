package org.surgecare.core.care.rules;

import java.time.Instant;
import java.util.Collection;

/** Sliding-window limit on admissions while a queue is busy. */
public final class IntakeThrottle {
  private IntakeThrottle() {}

  /**
   * Whether one more admission fits: fewer than {@code rate.visits()} admissions happened in the window ending
   * now and since the queue became busy (admissions before busy was set do not use up the busy allowance).
   */
  public static boolean permits(ThrottleRate rate, Instant busySince, Collection<Instant> recentAdmissions, Instant now) {
    Instant windowStart = now.minus(rate.per());
    Instant countFrom = busySince.isAfter(windowStart) ? busySince : windowStart;
    long inWindow =
        recentAdmissions.stream().filter(at -> !at.isBefore(countFrom) && !at.isAfter(now)).count();
    return inWindow < rate.visits();
  }
}
