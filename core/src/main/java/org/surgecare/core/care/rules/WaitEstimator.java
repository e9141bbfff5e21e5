package org.surgecare.core.care.rules;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The wait estimate: the patients ahead who are expected to be seen (those who are expected to give up take no
 * provider's time), times the typical visit length, shared among the providers who can see this state. A provider
 * licensed in several states counts as an equal share in each, since dispatch takes the longest-waiting patient
 * across all of them.
 */
public final class WaitEstimator {
  /** Visit length assumed until a queue has finished visits of its own. */
  public static final Duration DEFAULT_VISIT = Duration.ofMinutes(15);
  /** How many recent visit lengths the average is taken over. */
  public static final int RECENT_VISITS = 20;
  /** How many recent departures from the waiting list (taken or gave up) the give-up share is taken over. */
  public static final int RECENT_DEPARTURES = 50;

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
   * The share of the recent patients who left the waiting list by giving up (cancelled or moved to another state)
   * rather than being taken by a provider; 0 without any.
   *
   * @param recentDepartures for each patient who left the waiting list, oldest first: true when they gave up
   */
  public static double giveUpShare(List<Boolean> recentDepartures) {
    List<Boolean> recent =
        recentDepartures.subList(Math.max(0, recentDepartures.size() - RECENT_DEPARTURES), recentDepartures.size());
    if (recent.isEmpty()) {
      return 0;
    }
    return (double) recent.stream().filter(Boolean::booleanValue).count() / recent.size();
  }

  /**
   * The wait of a patient with {@code ahead} patients before them, of whom the share {@code giveUpShare} is
   * expected to give up; empty when no provider is available, since then no honest figure can be given.
   */
  public static Optional<Duration> estimate(int ahead, double capacity, Duration typicalVisit, double giveUpShare) {
    if (capacity <= 0) {
      return Optional.empty();
    }
    double seen = ahead * (1 - Math.min(1, Math.max(0, giveUpShare)));
    long seconds = Math.round(seen * typicalVisit.toSeconds() / capacity);
    return Optional.of(Duration.ofSeconds(seconds));
  }
}
