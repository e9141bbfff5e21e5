package org.surgecare.core.care.rules;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/** What a tenant admin configures per state queue. */
public record QueueSettings(QueueHours hours, int capacity, ThrottleRate busyRate, Duration endOfShiftGrace) {
  public static final int DEFAULT_CAPACITY = 500;
  public static final ThrottleRate DEFAULT_BUSY_RATE = new ThrottleRate(6, Duration.ofMinutes(15));
  public static final Duration DEFAULT_GRACE = Duration.ofMinutes(15);

  public QueueSettings {
    Objects.requireNonNull(hours, "hours");
    Objects.requireNonNull(busyRate, "busyRate");
    Objects.requireNonNull(endOfShiftGrace, "endOfShiftGrace");
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative");
    }
    if (endOfShiftGrace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative");
    }
  }

  /** A new queue: open 07:00–22:00 every day in the state's zone, with the default cap, busy rate and grace. */
  public static QueueSettings defaults(ZoneId zone) {
    return new QueueSettings(
        QueueHours.daily(zone, LocalTime.of(7, 0), LocalTime.of(22, 0)),
        DEFAULT_CAPACITY,
        DEFAULT_BUSY_RATE,
        DEFAULT_GRACE);
  }

  public QueueSettings withHours(QueueHours newHours) {
    return new QueueSettings(newHours, capacity, busyRate, endOfShiftGrace);
  }
}
