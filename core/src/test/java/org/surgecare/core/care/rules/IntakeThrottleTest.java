package org.surgecare.core.care.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntakeThrottleTest {
  private static final Instant NOW = Instant.parse("2026-01-05T17:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(10);
  private static final ThrottleRate THREE_PER_TEN_MINUTES = new ThrottleRate(3, WINDOW);
  private static final Instant LONG_BUSY = NOW.minus(Duration.ofHours(2));

  private static Instant minutesAgo(long minutes) {
    return NOW.minus(Duration.ofMinutes(minutes));
  }

  private static boolean permits(Instant busySince, Instant... admissions) {
    return IntakeThrottle.permits(THREE_PER_TEN_MINUTES, busySince, List.of(admissions), NOW);
  }

  @Test
  void permitsWithNoAdmissions() {
    assertThat(permits(LONG_BUSY)).isTrue();
  }

  @Test
  void permitsBelowTheRate() {
    assertThat(permits(LONG_BUSY, minutesAgo(8), minutesAgo(2))).isTrue();
  }

  @Test
  void refusesAtTheRate() {
    assertThat(permits(LONG_BUSY, minutesAgo(8), minutesAgo(5), minutesAgo(2))).isFalse();
  }

  @Test
  void admissionExactlyAtWindowStartIsInsideTheWindow() {
    assertThat(permits(LONG_BUSY, NOW.minus(WINDOW), minutesAgo(5), minutesAgo(2))).isFalse();
  }

  @Test
  void admissionJustBeforeWindowStartIsOutsideTheWindow() {
    Instant justBefore = NOW.minus(WINDOW).minusMillis(1);
    assertThat(permits(LONG_BUSY, justBefore, minutesAgo(5), minutesAgo(2))).isTrue();
  }

  @Test
  void admissionExactlyNowCounts() {
    assertThat(permits(LONG_BUSY, minutesAgo(5), minutesAgo(2), NOW)).isFalse();
  }

  @Test
  void admissionsAfterNowAreIgnored() {
    assertThat(permits(LONG_BUSY, minutesAgo(5), minutesAgo(2), NOW.plusSeconds(1))).isTrue();
  }

  @Test
  void admissionsBeforeBusySinceAreNotCounted() {
    assertThat(permits(minutesAgo(3), minutesAgo(6), minutesAgo(4), minutesAgo(1))).isTrue();
  }

  @Test
  void admissionExactlyAtBusySinceCounts() {
    assertThat(permits(minutesAgo(3), minutesAgo(3), minutesAgo(2), minutesAgo(1))).isFalse();
  }

  @Test
  void busySinceBeforeTheWindowDoesNotWidenIt() {
    assertThat(permits(minutesAgo(30), minutesAgo(25), minutesAgo(20), minutesAgo(15), minutesAgo(1))).isTrue();
  }

  @Test
  void justMarkedBusyPermitsRegardlessOfEarlierAdmissions() {
    assertThat(permits(NOW, minutesAgo(3), minutesAgo(2), minutesAgo(1))).isTrue();
  }

  @Test
  void simultaneousAdmissionsCountSeparately() {
    Instant same = minutesAgo(4);
    assertThat(permits(LONG_BUSY, same, same, same)).isFalse();
  }

  @Test
  void rateZeroNeverPermits() {
    ThrottleRate none = new ThrottleRate(0, WINDOW);
    assertThat(IntakeThrottle.permits(none, LONG_BUSY, List.of(), NOW)).isFalse();
  }
}
