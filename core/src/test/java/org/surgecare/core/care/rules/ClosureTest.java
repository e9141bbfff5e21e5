package org.surgecare.core.care.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClosureTest {
  private static final Instant FROM = Instant.parse("2026-12-25T05:00:00Z");
  private static final Instant UNTIL = Instant.parse("2026-12-26T05:00:00Z");
  private static final Closure CHRISTMAS = new Closure(FROM, UNTIL, "Christmas");

  @Test
  void coversItsStart() {
    assertThat(CHRISTMAS.covers(FROM)).isTrue();
  }

  @Test
  void coversTheMomentBeforeItsEnd() {
    assertThat(CHRISTMAS.covers(UNTIL.minusNanos(1))).isTrue();
  }

  @Test
  void doesNotCoverItsEnd() {
    assertThat(CHRISTMAS.covers(UNTIL)).isFalse();
  }

  @Test
  void doesNotCoverTheMomentBeforeItsStart() {
    assertThat(CHRISTMAS.covers(FROM.minusNanos(1))).isFalse();
  }

  @Test
  void rejectsAnEmptyClosure() {
    assertThatIllegalArgumentException().isThrownBy(() -> new Closure(FROM, FROM, "empty"));
  }

  @Test
  void rejectsAClosureEndingBeforeItStarts() {
    assertThatIllegalArgumentException().isThrownBy(() -> new Closure(UNTIL, FROM, "backwards"));
  }

  @Test
  void rejectsMissingBounds() {
    assertThatNullPointerException().isThrownBy(() -> new Closure(null, UNTIL, "x"));
    assertThatNullPointerException().isThrownBy(() -> new Closure(FROM, null, "x"));
  }

  @Test
  void missingReasonBecomesEmpty() {
    assertThat(new Closure(FROM, UNTIL, null).reason()).isEmpty();
  }
}
