package org.surgecare.core.care.rules;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class QueueHoursTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
  private static final ZoneId PHOENIX = ZoneId.of("America/Phoenix");

  private static Instant at(String utc) {
    return Instant.parse(utc);
  }

  private static OpeningWindow window(DayOfWeek day, String opens, String closes) {
    return new OpeningWindow(day, LocalTime.parse(opens), LocalTime.parse(closes));
  }

  private static QueueHours hours(ZoneId zone, OpeningWindow... windows) {
    return new QueueHours(zone, List.of(windows), List.of(), ManualOverride.NONE);
  }

  /** Monday to Friday 09:00–17:00 New York; in January that is 14:00Z–22:00Z. */
  private static QueueHours weekdayOfficeHours() {
    return new QueueHours(
        NEW_YORK,
        Stream.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY).map(d -> window(d, "09:00", "17:00")).toList(),
        List.of(),
        ManualOverride.NONE);
  }

  private static QueueHours daily(ZoneId zone, String opens, String closes) {
    return QueueHours.daily(zone, LocalTime.parse(opens), LocalTime.parse(closes));
  }

  @Nested
  class WithinAndOutsideWindows {
    private final QueueHours hours = weekdayOfficeHours();

    @Test
    void openInsideTheWindow() {
      assertThat(hours.isOpen(at("2026-01-05T17:00:00Z"))).isTrue();
    }

    @Test
    void openingInstantIsOpen() {
      assertThat(hours.isOpen(at("2026-01-05T14:00:00Z"))).isTrue();
    }

    @Test
    void closedJustBeforeOpening() {
      assertThat(hours.isOpen(at("2026-01-05T13:59:59Z"))).isFalse();
    }

    @Test
    void closingInstantIsClosed() {
      assertThat(hours.isOpen(at("2026-01-05T22:00:00Z"))).isFalse();
    }

    @Test
    void openJustBeforeClosing() {
      assertThat(hours.isOpen(at("2026-01-05T21:59:59.999Z"))).isTrue();
    }

    @Test
    void closedOnTheWeekend() {
      assertThat(hours.isOpen(at("2026-01-10T17:00:00Z"))).isFalse();
    }

    @Test
    void closesAtIsTheEndOfTheCurrentWindow() {
      assertThat(hours.closesAt(at("2026-01-05T15:30:00Z"))).contains(at("2026-01-05T22:00:00Z"));
    }

    @Test
    void closesAtIsEmptyWhileClosed() {
      assertThat(hours.closesAt(at("2026-01-05T23:00:00Z"))).isEmpty();
    }

    @Test
    void nextOpeningIsEmptyWhileOpen() {
      assertThat(hours.nextOpening(at("2026-01-05T17:00:00Z"))).isEmpty();
    }

    @Test
    void nextOpeningBeforeOpeningIsTheSameDay() {
      assertThat(hours.nextOpening(at("2026-01-05T12:00:00Z"))).contains(at("2026-01-05T14:00:00Z"));
    }

    @Test
    void nextOpeningFromTheClosingInstantIsTheNextDay() {
      assertThat(hours.nextOpening(at("2026-01-05T22:00:00Z"))).contains(at("2026-01-06T14:00:00Z"));
    }

    @Test
    void nextOpeningOnSaturdayIsMondayMorning() {
      assertThat(hours.nextOpening(at("2026-01-10T17:00:00Z"))).contains(at("2026-01-12T14:00:00Z"));
    }

    @Test
    void nextOpeningOnFridayEveningSkipsTheWeekend() {
      assertThat(hours.nextOpening(at("2026-01-09T22:00:00Z"))).contains(at("2026-01-12T14:00:00Z"));
    }

    @Test
    void noWindowsMeansNeverOpenAndNoNextOpening() {
      QueueHours none = hours(NEW_YORK);
      assertThat(none.isOpen(at("2026-01-05T17:00:00Z"))).isFalse();
      assertThat(none.nextOpening(at("2026-01-05T17:00:00Z"))).isEmpty();
    }
  }

  @Nested
  class OvernightWindows {
    private final QueueHours nightly = daily(NEW_YORK, "22:00", "06:00");

    @Test
    void openInTheEveningPart() {
      assertThat(nightly.isOpen(at("2026-01-06T04:30:00Z"))).isTrue();
    }

    @Test
    void openAfterMidnight() {
      assertThat(nightly.isOpen(at("2026-01-06T08:00:00Z"))).isTrue();
    }

    @Test
    void closedAtTheMorningClosingTime() {
      assertThat(nightly.isOpen(at("2026-01-06T11:00:00Z"))).isFalse();
    }

    @Test
    void closedDuringTheDay() {
      assertThat(nightly.isOpen(at("2026-01-06T17:00:00Z"))).isFalse();
    }

    @Test
    void closesAtIsTheNextMorning() {
      assertThat(nightly.closesAt(at("2026-01-06T04:30:00Z"))).contains(at("2026-01-06T11:00:00Z"));
    }

    @Test
    void nextOpeningDuringTheDayIsThisEvening() {
      assertThat(nightly.nextOpening(at("2026-01-06T17:00:00Z"))).contains(at("2026-01-07T03:00:00Z"));
    }

    @Test
    void mondayNightWindowIsStillOpenEarlyTuesday() {
      QueueHours mondayNight = hours(NEW_YORK, window(MONDAY, "22:00", "06:00"));
      assertThat(mondayNight.isOpen(at("2026-01-06T10:00:00Z"))).isTrue();
      assertThat(mondayNight.closesAt(at("2026-01-06T10:00:00Z"))).contains(at("2026-01-06T11:00:00Z"));
    }

    @Test
    void mondayNightWindowDoesNotOpenOnTuesdayNight() {
      QueueHours mondayNight = hours(NEW_YORK, window(MONDAY, "22:00", "06:00"));
      assertThat(mondayNight.isOpen(at("2026-01-07T04:00:00Z"))).isFalse();
      assertThat(mondayNight.nextOpening(at("2026-01-07T04:00:00Z"))).contains(at("2026-01-13T03:00:00Z"));
    }

    @Test
    void windowEndingAtMidnightIsOvernightAndEndsAtTheNextDaysStart() {
      QueueHours evening = hours(NEW_YORK, window(MONDAY, "18:00", "00:00"));
      assertThat(evening.closesAt(at("2026-01-06T00:00:00Z"))).contains(at("2026-01-06T05:00:00Z"));
      assertThat(evening.isOpen(at("2026-01-06T05:00:00Z"))).isFalse();
    }
  }

  @Nested
  class MergedWindows {
    @Test
    void backToBackWindowsCloseAtTheEndOfTheLast() {
      QueueHours split = hours(NEW_YORK, window(MONDAY, "09:00", "13:00"), window(MONDAY, "13:00", "17:00"));
      assertThat(split.closesAt(at("2026-01-05T15:00:00Z"))).contains(at("2026-01-05T22:00:00Z"));
    }

    @Test
    void seamBetweenBackToBackWindowsIsOpen() {
      QueueHours split = hours(NEW_YORK, window(MONDAY, "09:00", "13:00"), window(MONDAY, "13:00", "17:00"));
      assertThat(split.isOpen(at("2026-01-05T18:00:00Z"))).isTrue();
    }

    @Test
    void backToBackWindowsAcrossMidnightAreOnePeriod() {
      QueueHours chained = hours(NEW_YORK, window(MONDAY, "18:00", "00:00"), window(TUESDAY, "00:00", "02:00"));
      assertThat(chained.closesAt(at("2026-01-05T23:00:00Z"))).contains(at("2026-01-06T07:00:00Z"));
    }

    @Test
    void overlappingWindowsCloseAtTheLaterEnd() {
      QueueHours overlapping = hours(NEW_YORK, window(MONDAY, "09:00", "13:00"), window(MONDAY, "12:00", "15:00"));
      assertThat(overlapping.closesAt(at("2026-01-05T15:00:00Z"))).contains(at("2026-01-05T20:00:00Z"));
    }

    @Test
    void windowInsideAnotherDoesNotShortenIt() {
      QueueHours nested = hours(NEW_YORK, window(MONDAY, "09:00", "17:00"), window(MONDAY, "10:00", "11:00"));
      assertThat(nested.closesAt(at("2026-01-05T15:30:00Z"))).contains(at("2026-01-05T22:00:00Z"));
    }

    @Test
    void windowsWithAGapAreSeparatePeriods() {
      QueueHours lunchBreak = hours(NEW_YORK, window(MONDAY, "09:00", "12:00"), window(MONDAY, "12:30", "17:00"));
      assertThat(lunchBreak.closesAt(at("2026-01-05T15:00:00Z"))).contains(at("2026-01-05T17:00:00Z"));
      assertThat(lunchBreak.isOpen(at("2026-01-05T17:15:00Z"))).isFalse();
      assertThat(lunchBreak.nextOpening(at("2026-01-05T17:15:00Z"))).contains(at("2026-01-05T17:30:00Z"));
    }
  }

  @Nested
  class DaylightSaving {
    private final QueueHours newYorkEarly = daily(NEW_YORK, "01:00", "04:00");
    private final QueueHours losAngelesEarly = daily(LOS_ANGELES, "01:00", "04:00");

    @Test
    void newYorkOrdinaryWinterDayIsThreeHours() {
      assertThat(newYorkEarly.nextOpening(at("2026-03-07T05:00:00Z"))).contains(at("2026-03-07T06:00:00Z"));
      assertThat(newYorkEarly.closesAt(at("2026-03-07T06:00:00Z"))).contains(at("2026-03-07T09:00:00Z"));
    }

    @Test
    void newYorkSpringForwardOpensInStandardTimeAndClosesInDaylightTime() {
      assertThat(newYorkEarly.nextOpening(at("2026-03-08T05:00:00Z"))).contains(at("2026-03-08T06:00:00Z"));
      assertThat(newYorkEarly.closesAt(at("2026-03-08T06:00:00Z"))).contains(at("2026-03-08T08:00:00Z"));
    }

    @Test
    void newYorkSpringForwardWindowLastsTwoHours() {
      Instant opens = newYorkEarly.nextOpening(at("2026-03-08T05:00:00Z")).orElseThrow();
      Instant closes = newYorkEarly.closesAt(opens).orElseThrow();
      assertThat(Duration.between(opens, closes)).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void newYorkSpringForwardIsOpenRightAfterTheSkippedHour() {
      assertThat(newYorkEarly.isOpen(at("2026-03-08T07:00:00Z"))).isTrue();
      assertThat(newYorkEarly.isOpen(at("2026-03-08T08:00:00Z"))).isFalse();
    }

    @Test
    void newYorkDayAfterSpringForwardKeepsLocalHours() {
      assertThat(newYorkEarly.nextOpening(at("2026-03-09T03:00:00Z"))).contains(at("2026-03-09T05:00:00Z"));
      assertThat(newYorkEarly.closesAt(at("2026-03-09T05:00:00Z"))).contains(at("2026-03-09T08:00:00Z"));
    }

    @Test
    void newYorkFallBackOpensInDaylightTimeAndClosesInStandardTime() {
      assertThat(newYorkEarly.nextOpening(at("2026-11-01T04:00:00Z"))).contains(at("2026-11-01T05:00:00Z"));
      assertThat(newYorkEarly.closesAt(at("2026-11-01T05:00:00Z"))).contains(at("2026-11-01T09:00:00Z"));
    }

    @Test
    void newYorkFallBackWindowLastsFourHours() {
      Instant opens = newYorkEarly.nextOpening(at("2026-11-01T04:00:00Z")).orElseThrow();
      Instant closes = newYorkEarly.closesAt(opens).orElseThrow();
      assertThat(Duration.between(opens, closes)).isEqualTo(Duration.ofHours(4));
    }

    @Test
    void newYorkFallBackIsOpenDuringTheRepeatedHour() {
      assertThat(newYorkEarly.isOpen(at("2026-11-01T05:30:00Z"))).isTrue();
      assertThat(newYorkEarly.isOpen(at("2026-11-01T06:30:00Z"))).isTrue();
    }

    @Test
    void losAngelesSpringForwardWindowLastsTwoHours() {
      assertThat(losAngelesEarly.nextOpening(at("2026-03-08T08:00:00Z"))).contains(at("2026-03-08T09:00:00Z"));
      assertThat(losAngelesEarly.closesAt(at("2026-03-08T09:00:00Z"))).contains(at("2026-03-08T11:00:00Z"));
    }

    @Test
    void losAngelesFallBackWindowLastsFourHours() {
      assertThat(losAngelesEarly.nextOpening(at("2026-11-01T07:00:00Z"))).contains(at("2026-11-01T08:00:00Z"));
      assertThat(losAngelesEarly.closesAt(at("2026-11-01T08:00:00Z"))).contains(at("2026-11-01T12:00:00Z"));
    }

    @Test
    void losAngelesSummerDayUsesDaylightTime() {
      assertThat(losAngelesEarly.nextOpening(at("2026-07-01T07:00:00Z"))).contains(at("2026-07-01T08:00:00Z"));
      assertThat(losAngelesEarly.closesAt(at("2026-07-01T08:00:00Z"))).contains(at("2026-07-01T11:00:00Z"));
    }

    @Test
    void overnightWindowAcrossSpringForwardIsSevenHours() {
      QueueHours nightly = daily(NEW_YORK, "22:00", "06:00");
      assertThat(nightly.nextOpening(at("2026-03-08T01:00:00Z"))).contains(at("2026-03-08T03:00:00Z"));
      assertThat(nightly.closesAt(at("2026-03-08T03:00:00Z"))).contains(at("2026-03-08T10:00:00Z"));
    }

    @Test
    void overnightWindowAcrossFallBackIsNineHours() {
      QueueHours nightly = daily(NEW_YORK, "22:00", "06:00");
      assertThat(nightly.nextOpening(at("2026-11-01T01:00:00Z"))).contains(at("2026-11-01T02:00:00Z"));
      assertThat(nightly.closesAt(at("2026-11-01T02:00:00Z"))).contains(at("2026-11-01T11:00:00Z"));
    }

    @Test
    void windowOpeningInTheSkippedHourOpensWhenTheClockResumes() {
      QueueHours skipped = daily(NEW_YORK, "02:30", "05:00");
      assertThat(skipped.nextOpening(at("2026-03-08T05:00:00Z"))).contains(at("2026-03-08T07:30:00Z"));
      assertThat(skipped.closesAt(at("2026-03-08T07:30:00Z"))).contains(at("2026-03-08T09:00:00Z"));
    }

    @Test
    void windowInsideTheSkippedHourDoesNotOpenThatDay() {
      QueueHours sundayOnly = hours(NEW_YORK, window(DayOfWeek.SUNDAY, "02:10", "03:00"));
      Instant springForwardMidnight = at("2026-03-08T05:00:00Z");
      assertThat(sundayOnly.isOpen(at("2026-03-08T07:10:00Z"))).isFalse();
      assertThat(sundayOnly.nextOpening(springForwardMidnight)).contains(at("2026-03-15T06:10:00Z"));
    }

    @Test
    void officeHoursMoveInUtcAcrossTheChange() {
      QueueHours office = weekdayOfficeHours();
      assertThat(office.nextOpening(at("2026-03-06T10:00:00Z"))).contains(at("2026-03-06T14:00:00Z"));
      assertThat(office.nextOpening(at("2026-03-09T10:00:00Z"))).contains(at("2026-03-09T13:00:00Z"));
    }
  }

  @Nested
  class Arizona {
    private final QueueHours phoenixEarly = daily(PHOENIX, "01:00", "04:00");

    @Test
    void noShiftOnTheSpringForwardDate() {
      assertThat(phoenixEarly.nextOpening(at("2026-03-08T07:00:00Z"))).contains(at("2026-03-08T08:00:00Z"));
      assertThat(phoenixEarly.closesAt(at("2026-03-08T08:00:00Z"))).contains(at("2026-03-08T11:00:00Z"));
    }

    @Test
    void noShiftOnTheFallBackDate() {
      assertThat(phoenixEarly.nextOpening(at("2026-11-01T07:00:00Z"))).contains(at("2026-11-01T08:00:00Z"));
      assertThat(phoenixEarly.closesAt(at("2026-11-01T08:00:00Z"))).contains(at("2026-11-01T11:00:00Z"));
    }

    @Test
    void sameUtcOffsetInSummerAndWinter() {
      assertThat(phoenixEarly.nextOpening(at("2026-01-15T07:00:00Z"))).contains(at("2026-01-15T08:00:00Z"));
      assertThat(phoenixEarly.nextOpening(at("2026-07-15T07:00:00Z"))).contains(at("2026-07-15T08:00:00Z"));
    }
  }

  @Nested
  class Closures {
    private final Closure lunchMeeting =
        new Closure(at("2026-01-05T17:00:00Z"), at("2026-01-05T19:00:00Z"), "team meeting");
    private final QueueHours hours = weekdayOfficeHours().withClosure(lunchMeeting);

    @Test
    void closesAtStopsAtTheClosureStart() {
      assertThat(hours.closesAt(at("2026-01-05T15:00:00Z"))).contains(at("2026-01-05T17:00:00Z"));
    }

    @Test
    void closedFromTheClosureStart() {
      assertThat(hours.isOpen(at("2026-01-05T17:00:00Z"))).isFalse();
    }

    @Test
    void nextOpeningIsTheClosureEnd() {
      assertThat(hours.nextOpening(at("2026-01-05T17:30:00Z"))).contains(at("2026-01-05T19:00:00Z"));
    }

    @Test
    void openAgainAtTheClosureEndUntilTheUsualClosing() {
      assertThat(hours.isOpen(at("2026-01-05T19:00:00Z"))).isTrue();
      assertThat(hours.closesAt(at("2026-01-05T19:00:00Z"))).contains(at("2026-01-05T22:00:00Z"));
    }

    @Test
    void closureOverTheEndOfTheDayMovesTheNextOpeningToTomorrow() {
      QueueHours earlyFinish = weekdayOfficeHours()
          .withClosure(new Closure(at("2026-01-05T21:00:00Z"), at("2026-01-05T23:00:00Z"), "outage"));
      assertThat(earlyFinish.closesAt(at("2026-01-05T15:00:00Z"))).contains(at("2026-01-05T21:00:00Z"));
      assertThat(earlyFinish.nextOpening(at("2026-01-05T21:00:00Z"))).contains(at("2026-01-06T14:00:00Z"));
    }

    @Test
    void wholeDayClosureSkipsToTheNextDay() {
      QueueHours holiday = weekdayOfficeHours()
          .withClosure(new Closure(at("2026-01-05T05:00:00Z"), at("2026-01-06T05:00:00Z"), "holiday"));
      assertThat(holiday.isOpen(at("2026-01-05T17:00:00Z"))).isFalse();
      assertThat(holiday.nextOpening(at("2026-01-05T13:00:00Z"))).contains(at("2026-01-06T14:00:00Z"));
    }

    @Test
    void closureOutsideOpeningHoursChangesNothing() {
      QueueHours night = weekdayOfficeHours()
          .withClosure(new Closure(at("2026-01-06T01:00:00Z"), at("2026-01-06T05:00:00Z"), "maintenance"));
      assertThat(night.closesAt(at("2026-01-05T15:00:00Z"))).contains(at("2026-01-05T22:00:00Z"));
      assertThat(night.nextOpening(at("2026-01-06T02:00:00Z"))).contains(at("2026-01-06T14:00:00Z"));
    }

    @Test
    void closureLongerThanTheLookaheadLeavesNoNextOpening() {
      QueueHours shutDown = weekdayOfficeHours()
          .withClosure(new Closure(at("2026-01-05T00:00:00Z"), at("2026-03-01T00:00:00Z"), "renovation"));
      assertThat(shutDown.isOpen(at("2026-01-05T17:00:00Z"))).isFalse();
      assertThat(shutDown.nextOpening(at("2026-01-05T17:00:00Z"))).isEmpty();
    }

    @Test
    void twoClosuresInOnePeriodBothCutIt() {
      QueueHours twice = hours.withClosure(new Closure(at("2026-01-05T20:00:00Z"), at("2026-01-05T20:30:00Z"), "drill"));
      assertThat(twice.closesAt(at("2026-01-05T19:00:00Z"))).contains(at("2026-01-05T20:00:00Z"));
      assertThat(twice.nextOpening(at("2026-01-05T20:00:00Z"))).contains(at("2026-01-05T20:30:00Z"));
    }

    @Test
    void withClosureKeepsEarlierClosures() {
      Closure other = new Closure(at("2026-01-06T17:00:00Z"), at("2026-01-06T18:00:00Z"), "other");
      assertThat(hours.withClosure(other).closures()).containsExactly(lunchMeeting, other);
    }
  }

  @Nested
  class ManualOverrides {
    private final Instant saturdayNight = at("2026-01-11T03:00:00Z");
    private final Instant mondayNoon = at("2026-01-05T17:00:00Z");

    @Test
    void openOverrideOpensOutsideTheSchedule() {
      assertThat(weekdayOfficeHours().withOverride(ManualOverride.OPEN).isOpen(saturdayNight)).isTrue();
    }

    @Test
    void openOverrideOpensDuringAClosure() {
      QueueHours hours = weekdayOfficeHours()
          .withClosure(new Closure(at("2026-01-05T16:00:00Z"), at("2026-01-05T18:00:00Z"), "outage"))
          .withOverride(ManualOverride.OPEN);
      assertThat(hours.isOpen(mondayNoon)).isTrue();
    }

    @Test
    void openOverrideHasNoClosingTime() {
      assertThat(weekdayOfficeHours().withOverride(ManualOverride.OPEN).closesAt(mondayNoon)).isEmpty();
    }

    @Test
    void openOverrideHasNoNextOpening() {
      assertThat(weekdayOfficeHours().withOverride(ManualOverride.OPEN).nextOpening(saturdayNight)).isEmpty();
    }

    @Test
    void closedOverrideClosesDuringTheSchedule() {
      assertThat(weekdayOfficeHours().withOverride(ManualOverride.CLOSED).isOpen(mondayNoon)).isFalse();
    }

    @Test
    void closedOverrideHasNoNextOpening() {
      assertThat(weekdayOfficeHours().withOverride(ManualOverride.CLOSED).nextOpening(saturdayNight)).isEmpty();
    }

    @Test
    void closedOverrideHasNoClosingTime() {
      assertThat(weekdayOfficeHours().withOverride(ManualOverride.CLOSED).closesAt(mondayNoon)).isEmpty();
    }

    @Test
    void clearingTheOverrideRestoresTheSchedule() {
      QueueHours cleared = weekdayOfficeHours().withOverride(ManualOverride.CLOSED).withOverride(ManualOverride.NONE);
      assertThat(cleared.isOpen(mondayNoon)).isTrue();
      assertThat(cleared.isOpen(saturdayNight)).isFalse();
    }

    @Test
    void nullOverrideMeansNone() {
      QueueHours hours = new QueueHours(NEW_YORK, List.of(), List.of(), null);
      assertThat(hours.override()).isEqualTo(ManualOverride.NONE);
    }
  }

  @Nested
  class AllDay {
    private final QueueHours allDay = QueueHours.allDay(NEW_YORK);

    @Test
    void openAtLocalMidnight() {
      assertThat(allDay.isOpen(at("2026-01-06T05:00:00Z"))).isTrue();
    }

    @Test
    void openThroughBothDaylightSavingChanges() {
      assertThat(allDay.isOpen(at("2026-03-08T07:00:00Z"))).isTrue();
      assertThat(allDay.isOpen(at("2026-11-01T06:00:00Z"))).isTrue();
    }

    @Test
    void neverHasANextOpening() {
      assertThat(allDay.nextOpening(at("2026-01-10T12:00:00Z"))).isEmpty();
    }

    @Test
    void neverReportsAClosingTime() {
      Instant now = at("2026-01-05T17:00:00Z");
      assertThat(allDay.closesAt(now)).isEmpty();
    }

    @Test
    void coversEveryDayOfTheWeek() {
      assertThat(allDay.weekly()).extracting(OpeningWindow::day).containsExactly(DayOfWeek.values());
    }
  }

  @Nested
  class PastClosures {
    private final Instant now = at("2026-01-05T17:00:00Z");
    private final Closure ended = new Closure(at("2026-01-04T00:00:00Z"), at("2026-01-05T00:00:00Z"), "ended");
    private final Closure endsNow = new Closure(at("2026-01-05T16:00:00Z"), now, "ends now");
    private final Closure ongoing = new Closure(at("2026-01-05T16:00:00Z"), at("2026-01-05T18:00:00Z"), "ongoing");
    private final Closure future = new Closure(at("2026-01-07T00:00:00Z"), at("2026-01-08T00:00:00Z"), "future");

    @Test
    void dropsEndedClosuresAndKeepsTheRest() {
      QueueHours hours = new QueueHours(
          NEW_YORK, List.of(), List.of(ended, endsNow, ongoing, future), ManualOverride.CLOSED);
      QueueHours pruned = hours.withoutPastClosures(now);
      assertThat(pruned.closures()).containsExactly(ongoing, future);
    }

    @Test
    void keepsZoneScheduleAndOverride() {
      QueueHours hours = weekdayOfficeHours().withClosure(ended).withOverride(ManualOverride.OPEN);
      QueueHours pruned = hours.withoutPastClosures(now);
      assertThat(pruned.zone()).isEqualTo(NEW_YORK);
      assertThat(pruned.weekly()).isEqualTo(hours.weekly());
      assertThat(pruned.override()).isEqualTo(ManualOverride.OPEN);
      assertThat(pruned.closures()).isEmpty();
    }

    @Test
    void pruningDoesNotChangeWhetherTheQueueIsOpen() {
      QueueHours hours = weekdayOfficeHours().withClosure(ended).withClosure(ongoing);
      assertThat(hours.withoutPastClosures(now).isOpen(now)).isEqualTo(hours.isOpen(now)).isFalse();
    }
  }
}
