package org.surgecare.load.care;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When one entity served again after a node was killed, from the reads that probed it. Times are milliseconds
 * since the kill; a probe fails when it answers anything but 200 or not at all within the client's timeout.
 */
public final class Outage {
  /** One probe of an entity: when it was sent, when its answer (or failure) came, and whether it was served. */
  public record Probe(long sentMs, long doneMs, boolean ok) {}

  /**
   * Whether reads of the entity failed after the kill and, if so, when it answered again: the first successful
   * answer to a probe sent after the last failing one. Empty {@code recoveredMs} while it has not recovered.
   */
  public record Result(boolean affected, Optional<Long> recoveredMs) {}

  private Outage() {}

  public static Result of(List<Probe> probes) {
    long lastFailedSent = Long.MIN_VALUE;
    boolean affected = false;
    for (Probe p : probes) {
      if (!p.ok() && p.sentMs() >= 0) {
        affected = true;
        lastFailedSent = Math.max(lastFailedSent, p.sentMs());
      }
    }
    if (!affected) {
      return new Result(false, Optional.of(0L));
    }
    long threshold = lastFailedSent;
    return new Result(true, probes.stream()
        .filter(p -> p.ok() && p.sentMs() > threshold)
        .map(Probe::doneMs)
        .min(Long::compare));
  }

  /** The value at quantile q (0..1) of sorted values, nearest rank. */
  public static long quantile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.min(sorted.size() - 1, Math.max(0, rank - 1)));
  }

  /** Sorted copy. */
  static List<Long> sorted(List<Long> values) {
    List<Long> copy = new ArrayList<>(values);
    copy.sort(Long::compare);
    return copy;
  }
}
