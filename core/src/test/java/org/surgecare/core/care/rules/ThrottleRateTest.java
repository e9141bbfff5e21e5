package org.surgecare.core.care.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottleRateTest {
  @Test
  void acceptsZeroVisits() {
    assertThat(new ThrottleRate(0, Duration.ofMinutes(1)).visits()).isZero();
  }

  @Test
  void rejectsNegativeVisits() {
    assertThatIllegalArgumentException().isThrownBy(() -> new ThrottleRate(-1, Duration.ofMinutes(1)));
  }

  @Test
  void rejectsZeroWindow() {
    assertThatIllegalArgumentException().isThrownBy(() -> new ThrottleRate(1, Duration.ZERO));
  }

  @Test
  void rejectsNegativeWindow() {
    assertThatIllegalArgumentException().isThrownBy(() -> new ThrottleRate(1, Duration.ofSeconds(-1)));
  }

  @Test
  void rejectsMissingWindow() {
    assertThatNullPointerException().isThrownBy(() -> new ThrottleRate(1, null));
  }
}
