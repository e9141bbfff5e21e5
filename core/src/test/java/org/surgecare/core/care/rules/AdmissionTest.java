package org.surgecare.core.care.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final Instant MONDAY_NOON = Instant.parse("2026-01-05T17:00:00Z");
  private static final Instant MONDAY_CLOSING = Instant.parse("2026-01-05T22:00:00Z");
  private static final Instant TUESDAY_OPENING = Instant.parse("2026-01-06T14:00:00Z");
  private static final Duration GRACE = Duration.ofMinutes(15);
  private static final int CAPACITY = 10;
  private static final ThrottleRate TWO_PER_QUARTER_HOUR = new ThrottleRate(2, Duration.ofMinutes(15));
  private static final QueueSettings SETTINGS = settings(weekdayHours());
  private static final Instant BUSY_SINCE = MONDAY_NOON.minus(Duration.ofHours(1));
  private static final Instant[] TWO_RECENT =
      {MONDAY_NOON.minus(Duration.ofMinutes(10)), MONDAY_NOON.minus(Duration.ofMinutes(5))};

  /** Monday to Friday 09:00–17:00 New York (14:00Z–22:00Z in January). */
  private static QueueHours weekdayHours() {
    List<OpeningWindow> windows = Stream.of(
            DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)
        .map(day -> new OpeningWindow(day, LocalTime.of(9, 0), LocalTime.of(17, 0)))
        .toList();
    return new QueueHours(NEW_YORK, windows, List.of(), ManualOverride.NONE);
  }

  private static QueueSettings settings(QueueHours hours) {
    return new QueueSettings(hours, CAPACITY, TWO_PER_QUARTER_HOUR, GRACE);
  }

  /** The inputs of one decision, with defaults that admit at Monday noon. */
  private record Intake(
      QueueSettings settings,
      int waiting,
      Optional<Instant> busySince,
      Collection<Instant> recentAdmissions,
      Optional<Duration> estimatedWait,
      Instant now) {
    static Intake ordinary() {
      return new Intake(SETTINGS, 0, Optional.empty(), List.of(), Optional.of(Duration.ofMinutes(20)), MONDAY_NOON);
    }

    Intake settings(QueueSettings s) {
      return new Intake(s, waiting, busySince, recentAdmissions, estimatedWait, now);
    }

    Intake waiting(int n) {
      return new Intake(settings, n, busySince, recentAdmissions, estimatedWait, now);
    }

    Intake busy(Instant since, Instant... admissions) {
      return new Intake(settings, waiting, Optional.of(since), List.of(admissions), estimatedWait, now);
    }

    Intake estimate(Duration wait) {
      return new Intake(settings, waiting, busySince, recentAdmissions, Optional.of(wait), now);
    }

    Intake noEstimate() {
      return new Intake(settings, waiting, busySince, recentAdmissions, Optional.empty(), now);
    }

    Intake at(Instant instant) {
      return new Intake(settings, waiting, busySince, recentAdmissions, estimatedWait, instant);
    }

    AdmissionDecision decide() {
      return Admission.decide(settings, waiting, busySince, recentAdmissions, estimatedWait, now);
    }
  }

  private static AdmissionDecision.Refuse refusal(AdmissionDecision decision) {
    assertThat(decision).isInstanceOf(AdmissionDecision.Refuse.class);
    return (AdmissionDecision.Refuse) decision;
  }

  @Test
  void admitsWhenOpenWithRoomAndTimeToSpare() {
    assertThat(Intake.ordinary().decide()).isEqualTo(new AdmissionDecision.Admit());
  }

  @Test
  void closedQueueRefusesWithTheNextOpening() {
    AdmissionDecision.Refuse refuse = refusal(Intake.ordinary().at(MONDAY_CLOSING).decide());
    assertThat(refuse.reason()).isEqualTo(RefusalReason.CLOSED);
    assertThat(refuse.nextOpening()).contains(TUESDAY_OPENING);
    assertThat(refuse.detail()).contains(TUESDAY_OPENING.toString());
  }

  @Test
  void manuallyClosedQueueRefusesWithoutANextOpening() {
    AdmissionDecision.Refuse refuse =
        refusal(Intake.ordinary().settings(settings(weekdayHours().withOverride(ManualOverride.CLOSED))).decide());
    assertThat(refuse.reason()).isEqualTo(RefusalReason.CLOSED);
    assertThat(refuse.nextOpening()).isEmpty();
    assertThat(refuse.detail()).isEqualTo("closed");
  }

  @Test
  void queueAtExactlyCapacityIsFull() {
    AdmissionDecision.Refuse refuse = refusal(Intake.ordinary().waiting(CAPACITY).decide());
    assertThat(refuse.reason()).isEqualTo(RefusalReason.FULL);
    assertThat(refuse.nextOpening()).isEmpty();
  }

  @Test
  void queueOneBelowCapacityAdmits() {
    assertThat(Intake.ordinary().waiting(CAPACITY - 1).decide()).isInstanceOf(AdmissionDecision.Admit.class);
  }

  @Test
  void queueWithZeroCapacityIsAlwaysFull() {
    QueueSettings zero = new QueueSettings(weekdayHours(), 0, TWO_PER_QUARTER_HOUR, GRACE);
    assertThat(refusal(Intake.ordinary().settings(zero).decide()).reason()).isEqualTo(RefusalReason.FULL);
  }

  @Test
  void busyQueueWithExhaustedThrottleRefuses() {
    AdmissionDecision.Refuse refuse = refusal(Intake.ordinary().busy(BUSY_SINCE, TWO_RECENT).decide());
    assertThat(refuse.reason()).isEqualTo(RefusalReason.BUSY);
    assertThat(refuse.nextOpening()).isEmpty();
  }

  @Test
  void busyQueueWithThrottleRoomAdmits() {
    AdmissionDecision decision = Intake.ordinary().busy(BUSY_SINCE, TWO_RECENT[0]).decide();
    assertThat(decision).isInstanceOf(AdmissionDecision.Admit.class);
  }

  @Test
  void recentAdmissionsDoNotMatterWhenNotBusy() {
    Intake notBusy = new Intake(
        SETTINGS, 0, Optional.empty(), List.of(TWO_RECENT), Optional.of(Duration.ofMinutes(20)), MONDAY_NOON);
    assertThat(notBusy.decide()).isInstanceOf(AdmissionDecision.Admit.class);
  }

  @Test
  void waitRunningPastClosingPlusGraceIsEndOfShift() {
    Instant now = MONDAY_CLOSING.minus(Duration.ofHours(1));
    AdmissionDecision.Refuse refuse =
        refusal(Intake.ordinary().at(now).estimate(Duration.ofMinutes(75).plusSeconds(1)).decide());
    assertThat(refuse.reason()).isEqualTo(RefusalReason.END_OF_SHIFT);
    assertThat(refuse.nextOpening()).contains(TUESDAY_OPENING);
    assertThat(refuse.detail()).contains(MONDAY_CLOSING.toString());
  }

  @Test
  void waitEndingExactlyAtClosingPlusGraceAdmits() {
    Instant now = MONDAY_CLOSING.minus(Duration.ofHours(1));
    assertThat(Intake.ordinary().at(now).estimate(Duration.ofMinutes(75)).decide())
        .isInstanceOf(AdmissionDecision.Admit.class);
  }

  @Test
  void zeroGraceAdmitsExactlyAtClosingAndRefusesASecondLater() {
    QueueSettings noGrace = new QueueSettings(weekdayHours(), CAPACITY, TWO_PER_QUARTER_HOUR, Duration.ZERO);
    Instant now = MONDAY_CLOSING.minus(Duration.ofHours(1));
    Intake intake = Intake.ordinary().settings(noGrace).at(now);
    assertThat(intake.estimate(Duration.ofHours(1)).decide()).isInstanceOf(AdmissionDecision.Admit.class);
    assertThat(refusal(intake.estimate(Duration.ofHours(1).plusSeconds(1)).decide()).reason())
        .isEqualTo(RefusalReason.END_OF_SHIFT);
  }

  @Test
  void endOfShiftCountsFromAnUpcomingClosure() {
    Closure outage = new Closure(Instant.parse("2026-01-05T18:00:00Z"), Instant.parse("2026-01-05T19:00:00Z"), "outage");
    Intake intake = Intake.ordinary().settings(settings(weekdayHours().withClosure(outage)));
    AdmissionDecision.Refuse refuse = refusal(intake.estimate(Duration.ofMinutes(76)).decide());
    assertThat(refuse.reason()).isEqualTo(RefusalReason.END_OF_SHIFT);
    assertThat(refuse.nextOpening()).contains(outage.until());
  }

  @Test
  void unknownEstimateNeverRefusesForEndOfShift() {
    Instant lastMinute = MONDAY_CLOSING.minusSeconds(1);
    assertThat(Intake.ordinary().at(lastMinute).noEstimate().decide()).isInstanceOf(AdmissionDecision.Admit.class);
  }

  @Test
  void manuallyOpenedQueueHasNoEndOfShift() {
    QueueSettings forcedOpen = settings(weekdayHours().withOverride(ManualOverride.OPEN));
    Instant saturday = Instant.parse("2026-01-10T17:00:00Z");
    AdmissionDecision decision =
        Intake.ordinary().settings(forcedOpen).at(saturday).estimate(Duration.ofDays(3)).decide();
    assertThat(decision).isInstanceOf(AdmissionDecision.Admit.class);
  }

  @Test
  void closedIsReportedBeforeFull() {
    AdmissionDecision decision = Intake.ordinary().at(MONDAY_CLOSING).waiting(CAPACITY).decide();
    assertThat(refusal(decision).reason()).isEqualTo(RefusalReason.CLOSED);
  }

  @Test
  void fullIsReportedBeforeBusy() {
    AdmissionDecision decision = Intake.ordinary().waiting(CAPACITY).busy(BUSY_SINCE, TWO_RECENT).decide();
    assertThat(refusal(decision).reason()).isEqualTo(RefusalReason.FULL);
  }

  @Test
  void busyIsReportedBeforeEndOfShift() {
    Instant now = MONDAY_CLOSING.minus(Duration.ofMinutes(10));
    Instant[] recent = {now.minus(Duration.ofMinutes(5)), now.minus(Duration.ofMinutes(1))};
    AdmissionDecision decision =
        Intake.ordinary().at(now).busy(now.minus(Duration.ofHours(1)), recent).estimate(Duration.ofHours(2)).decide();
    assertThat(refusal(decision).reason()).isEqualTo(RefusalReason.BUSY);
  }
}
