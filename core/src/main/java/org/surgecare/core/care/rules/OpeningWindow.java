package org.surgecare.core.care.rules;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Objects;

/**
 * One weekly opening of a queue, in the queue's local time. A window whose closing time is not after its opening
 * time runs past midnight into the next day (22:00–06:00 overnight; 00:00–00:00 is the whole day).
 */
public record OpeningWindow(DayOfWeek day, LocalTime opens, LocalTime closes) {
  public OpeningWindow {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(opens, "opens");
    Objects.requireNonNull(closes, "closes");
  }

  public boolean overnight() {
    return !closes.isAfter(opens);
  }
}
