package org.surgecare.core.care.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitEstimatorTest {
  private static Duration minutes(long m) {
    return Duration.ofMinutes(m);
  }

  @Test
  void typicalVisitWithoutHistoryIsTheDefault() {
    assertThat(WaitEstimator.typicalVisit(List.of())).isEqualTo(WaitEstimator.DEFAULT_VISIT).isEqualTo(minutes(15));
  }

  @Test
  void typicalVisitOfOneVisitIsItsLength() {
    assertThat(WaitEstimator.typicalVisit(List.of(minutes(7)))).isEqualTo(minutes(7));
  }

  @Test
  void typicalVisitIsTheMean() {
    assertThat(WaitEstimator.typicalVisit(List.of(minutes(10), minutes(20), minutes(30)))).isEqualTo(minutes(20));
  }

  @Test
  void typicalVisitUsesOnlyTheLastTwenty() {
    List<Duration> lengths = new ArrayList<>(Collections.nCopies(5, minutes(60)));
    lengths.addAll(Collections.nCopies(WaitEstimator.RECENT_VISITS, minutes(10)));
    assertThat(WaitEstimator.typicalVisit(lengths)).isEqualTo(minutes(10));
  }

  @Test
  void typicalVisitCountsAllOfExactlyTwenty() {
    List<Duration> lengths = new ArrayList<>(Collections.nCopies(19, minutes(10)));
    lengths.add(0, minutes(30));
    assertThat(lengths).hasSize(WaitEstimator.RECENT_VISITS);
    assertThat(WaitEstimator.typicalVisit(lengths)).isEqualTo(minutes(11));
  }

  @Test
  void typicalVisitDropsTheTwentyFirstFromTheEnd() {
    List<Duration> lengths = new ArrayList<>(Collections.nCopies(20, minutes(10)));
    lengths.add(0, minutes(200));
    assertThat(WaitEstimator.typicalVisit(lengths)).isEqualTo(minutes(10));
  }

  @Test
  void typicalVisitTruncatesToWholeSeconds() {
    assertThat(WaitEstimator.typicalVisit(List.of(Duration.ofSeconds(10), Duration.ofSeconds(11))))
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void typicalVisitIsNeverBelowOneSecond() {
    assertThat(WaitEstimator.typicalVisit(List.of(Duration.ZERO, Duration.ofMillis(400))))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void capacityWithoutProvidersIsZero() {
    assertThat(WaitEstimator.capacity(List.of())).isZero();
  }

  @Test
  void singleStateProvidersCountOneEach() {
    assertThat(WaitEstimator.capacity(List.of(1, 1, 1))).isEqualTo(3.0);
  }

  @Test
  void providerLicensedInTwoStatesCountsHalf() {
    assertThat(WaitEstimator.capacity(List.of(2))).isEqualTo(0.5);
  }

  @Test
  void mixedProvidersAddTheirShares() {
    assertThat(WaitEstimator.capacity(List.of(1, 2, 4))).isCloseTo(1.75, within(1e-9));
  }

  @Test
  void providerServingNoStatesCountsAsOne() {
    assertThat(WaitEstimator.capacity(List.of(0))).isEqualTo(1.0);
  }

  @Test
  void zeroCapacityGivesNoEstimate() {
    assertThat(WaitEstimator.estimate(3, 0.0, minutes(15), 0)).isEmpty();
  }

  @Test
  void negativeCapacityGivesNoEstimate() {
    assertThat(WaitEstimator.estimate(3, -1.0, minutes(15), 0)).isEmpty();
  }

  @Test
  void nobodyAheadMeansNoWait() {
    assertThat(WaitEstimator.estimate(0, 1.0, minutes(15), 0)).contains(Duration.ZERO);
  }

  @Test
  void waitIsPatientsAheadTimesVisitOverCapacity() {
    assertThat(WaitEstimator.estimate(4, 2.0, minutes(15), 0)).contains(minutes(30));
  }

  @Test
  void halfAProviderDoublesTheWait() {
    assertThat(WaitEstimator.estimate(2, 0.5, minutes(10), 0)).contains(minutes(40));
  }

  @Test
  void estimateRoundsDownBelowHalfASecond() {
    assertThat(WaitEstimator.estimate(1, 3.0, Duration.ofSeconds(10), 0)).contains(Duration.ofSeconds(3));
  }

  @Test
  void estimateRoundsUpFromHalfASecond() {
    assertThat(WaitEstimator.estimate(1, 2.0, Duration.ofSeconds(5), 0)).contains(Duration.ofSeconds(3));
    assertThat(WaitEstimator.estimate(1, 1.5, Duration.ofSeconds(10), 0)).contains(Duration.ofSeconds(7));
  }

  @Test
  void estimateForMultiStateProviders() {
    double capacity = WaitEstimator.capacity(List.of(1, 2));
    assertThat(WaitEstimator.estimate(3, capacity, minutes(15), 0)).contains(minutes(30));
  }

  @Test
  void largeQueuesDoNotOverflow() {
    assertThat(WaitEstimator.estimate(100_000, 1.0, Duration.ofHours(1), 0)).contains(Duration.ofHours(100_000));
  }

  @Test
  void giveUpShareWithoutDeparturesIsZero() {
    assertThat(WaitEstimator.giveUpShare(List.of())).isZero();
  }

  @Test
  void giveUpShareIsTheShareOfDeparturesThatGaveUp() {
    assertThat(WaitEstimator.giveUpShare(List.of(true, false, false, false))).isEqualTo(0.25);
  }

  @Test
  void giveUpShareUsesOnlyTheLastFifty() {
    List<Boolean> departures = new ArrayList<>(Collections.nCopies(10, true));
    departures.addAll(Collections.nCopies(WaitEstimator.RECENT_DEPARTURES, false));
    assertThat(WaitEstimator.giveUpShare(departures)).isZero();
  }

  @Test
  void patientsExpectedToGiveUpTakeNoProviderTime() {
    assertThat(WaitEstimator.estimate(10, 1.0, minutes(10), 0.2)).contains(minutes(80));
  }

  @Test
  void aShareOutsideZeroToOneIsClamped() {
    assertThat(WaitEstimator.estimate(2, 1.0, minutes(10), 1.5)).contains(Duration.ZERO);
    assertThat(WaitEstimator.estimate(2, 1.0, minutes(10), -0.5)).contains(minutes(20));
  }

  @Test
  void noProviderMeansNoEstimateEvenWhenEveryoneGivesUp() {
    assertThat(WaitEstimator.estimate(0, 0.0, minutes(10), 1.0)).isEmpty();
  }
}
