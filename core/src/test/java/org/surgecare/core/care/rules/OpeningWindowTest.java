package org.surgecare.core.care.rules;

import static java.time.DayOfWeek.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class OpeningWindowTest {
  private static OpeningWindow monday(String opens, String closes) {
    return new OpeningWindow(MONDAY, LocalTime.parse(opens), LocalTime.parse(closes));
  }

  @Test
  void daytimeWindowIsNotOvernight() {
    assertThat(monday("09:00", "17:00").overnight()).isFalse();
  }

  @Test
  void windowClosingBeforeItOpensIsOvernight() {
    assertThat(monday("22:00", "06:00").overnight()).isTrue();
  }

  @Test
  void windowClosingAtMidnightIsOvernight() {
    assertThat(monday("18:00", "00:00").overnight()).isTrue();
  }

  @Test
  void windowClosingWhenItOpensIsAWholeDay() {
    assertThat(monday("00:00", "00:00").overnight()).isTrue();
    assertThat(monday("08:00", "08:00").overnight()).isTrue();
  }

  @Test
  void rejectsMissingFields() {
    assertThatNullPointerException().isThrownBy(() -> new OpeningWindow(null, LocalTime.NOON, LocalTime.MIDNIGHT));
    assertThatNullPointerException().isThrownBy(() -> new OpeningWindow(MONDAY, null, LocalTime.MIDNIGHT));
    assertThatNullPointerException().isThrownBy(() -> new OpeningWindow(MONDAY, LocalTime.NOON, null));
  }
}
