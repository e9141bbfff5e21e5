package org.surgecare.core.care.rules;

import java.time.Instant;
import java.util.Comparator;

/**
 * The place of a visit in a state queue. Order: higher priority first, then who asked first; the visit id breaks
 * exact ties so that the order is total and the same on every replay.
 */
public record QueuedVisit(String visitId, int priority, Instant requestedAt) {
  public static final int MIN_PRIORITY = 0;
  public static final int MAX_PRIORITY = 9;

  public static final Comparator<QueuedVisit> ORDER =
      Comparator.comparingInt(QueuedVisit::priority)
          .reversed()
          .thenComparing(QueuedVisit::requestedAt)
          .thenComparing(QueuedVisit::visitId);
}
