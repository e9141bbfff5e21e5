package org.surgecare.core.care.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QueueSettingsTest {
  private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

  @Test
  void defaultsOpenSevenToTenEveryDayInTheGivenZone() {
    QueueHours hours = QueueSettings.defaults(CHICAGO).hours();
    assertThat(hours.zone()).isEqualTo(CHICAGO);
    assertThat(hours.weekly()).hasSize(7).allSatisfy(w -> {
      assertThat(w.opens()).isEqualTo(LocalTime.of(7, 0));
      assertThat(w.closes()).isEqualTo(LocalTime.of(22, 0));
    });
    assertThat(hours.isOpen(Instant.parse("2026-01-10T13:00:00Z"))).isTrue();
    assertThat(hours.isOpen(Instant.parse("2026-01-11T04:00:00Z"))).isFalse();
  }

  @Test
  void defaultsUseTheDefaultLimits() {
    QueueSettings settings = QueueSettings.defaults(CHICAGO);
    assertThat(settings.capacity()).isEqualTo(500);
    assertThat(settings.busyRate()).isEqualTo(new ThrottleRate(6, Duration.ofMinutes(15)));
    assertThat(settings.endOfShiftGrace()).isEqualTo(Duration.ofMinutes(15));
    assertThat(settings.hours().override()).isEqualTo(ManualOverride.NONE);
    assertThat(settings.hours().closures()).isEmpty();
  }

  @Test
  void withHoursKeepsTheOtherSettings() {
    QueueSettings original = new QueueSettings(
        QueueHours.allDay(CHICAGO), 42, new ThrottleRate(1, Duration.ofMinutes(5)), Duration.ofMinutes(3));
    QueueHours closed = QueueHours.allDay(CHICAGO).withOverride(ManualOverride.CLOSED);
    assertThat(original.withHours(closed))
        .isEqualTo(new QueueSettings(closed, 42, new ThrottleRate(1, Duration.ofMinutes(5)), Duration.ofMinutes(3)));
  }

  @Test
  void acceptsZeroCapacityAndZeroGrace() {
    QueueSettings settings =
        new QueueSettings(QueueHours.allDay(CHICAGO), 0, QueueSettings.DEFAULT_BUSY_RATE, Duration.ZERO);
    assertThat(settings.capacity()).isZero();
    assertThat(settings.endOfShiftGrace()).isZero();
  }

  @Test
  void rejectsNegativeCapacity() {
    assertThatIllegalArgumentException().isThrownBy(() -> new QueueSettings(
        QueueHours.allDay(CHICAGO), -1, QueueSettings.DEFAULT_BUSY_RATE, QueueSettings.DEFAULT_GRACE));
  }

  @Test
  void rejectsNegativeGrace() {
    assertThatIllegalArgumentException().isThrownBy(() -> new QueueSettings(
        QueueHours.allDay(CHICAGO), 1, QueueSettings.DEFAULT_BUSY_RATE, Duration.ofSeconds(-1)));
  }

  @Test
  void rejectsMissingParts() {
    assertThatNullPointerException().isThrownBy(
        () -> new QueueSettings(null, 1, QueueSettings.DEFAULT_BUSY_RATE, QueueSettings.DEFAULT_GRACE));
    assertThatNullPointerException().isThrownBy(
        () -> new QueueSettings(QueueHours.allDay(CHICAGO), 1, null, QueueSettings.DEFAULT_GRACE));
    assertThatNullPointerException().isThrownBy(
        () -> new QueueSettings(QueueHours.allDay(CHICAGO), 1, QueueSettings.DEFAULT_BUSY_RATE, null));
  }
}
