package org.surgecare.core.care.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RefusalReasonTest {
  @Test
  void slugsAreStable() {
    assertThat(RefusalReason.CLOSED.slug()).isEqualTo("closed");
    assertThat(RefusalReason.BUSY.slug()).isEqualTo("busy");
    assertThat(RefusalReason.FULL.slug()).isEqualTo("full");
    assertThat(RefusalReason.END_OF_SHIFT.slug()).isEqualTo("end-of-shift");
  }

  @Test
  void slugsAreDistinct() {
    assertThat(Arrays.stream(RefusalReason.values()).map(RefusalReason::slug)).doesNotHaveDuplicates();
  }
}
