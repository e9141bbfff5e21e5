package org.surgecare.core.rules;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A first wait estimate: patients ahead, times the typical visit length, shared among the providers who can see
 * this state. A provider licensed in several states counts as an equal share in each, since dispatch takes the
 * longest-waiting patient across all of them.
 */
public final class WaitEstimator {
  /** Visit length assumed until a queue has finished visits of its own. */
  public static final Duration DEFAULT_VISIT = Duration.ofMinutes(15);
  /** How many recent visit lengths the average is taken over. */
  public static final int RECENT_VISITS = 20;

  private WaitEstimator() {}

  /** Mean of the most recent visit lengths (last {@link #RECENT_VISITS}), or the default without any. */
  public static Duration typicalVisit(List<Duration> recentVisitLengths) {
    if (recentVisitLengths.isEmpty()) {
      return DEFAULT_VISIT;
    }
    List<Duration> recent =
        recentVisitLengths.subList(Math.max(0, recentVisitLengths.size() - RECENT_VISITS), recentVisitLengths.size());
    long totalSeconds = recent.stream().mapToLong(Duration::toSeconds).sum();
    return Duration.ofSeconds(Math.max(1, totalSeconds / recent.size()));
  }

  /**
   * Provider capacity for one state: each available provider contributes 1 / (number of states they serve).
   *
   * @param statesServedByEachAvailableProvider for each available provider, how many states they serve (≥ 1)
   */
  public static double capacity(Collection<Integer> statesServedByEachAvailableProvider) {
    return statesServedByEachAvailableProvider.stream().mapToDouble(n -> 1.0 / Math.max(1, n)).sum();
  }

  /**
   * The wait of a patient with {@code ahead} patients before them; empty when no provider is available, since
   * then no honest figure can be given.
   */
  public static Optional<Duration> estimate(int ahead, double capacity, Duration typicalVisit) {
    if (capacity <= 0) {
      return Optional.empty();
    }
    long seconds = Math.round(ahead * typicalVisit.toSeconds() / capacity);
    return Optional.of(Duration.ofSeconds(seconds));
  }
}
