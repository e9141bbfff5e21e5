package org.surgecare.core.care.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.surgecare.core.common.UsState;

class LicenseTest {
  private static final LocalDate END_OF_JUNE = LocalDate.of(2026, 6, 30);
  private static final Instant MID_JUNE = Instant.parse("2026-06-15T12:00:00Z");
  /** 23:00 on June 30 in Los Angeles, already July 1 in New York. */
  private static final Instant LATE_JUNE_30_PACIFIC = Instant.parse("2026-07-01T06:00:00Z");
  /** 00:30 on July 1 in Los Angeles. */
  private static final Instant EARLY_JULY_1_PACIFIC = Instant.parse("2026-07-01T07:30:00Z");

  private static License washington(LicenseStatus status) {
    return new License(UsState.WA, "MD60123456", END_OF_JUNE, status);
  }

  @Test
  void verifiedUnexpiredLicensePermitsPractice() {
    assertThat(washington(LicenseStatus.VERIFIED).permitsPracticeAt(MID_JUNE)).isTrue();
  }

  @Test
  void pendingLicenseDoesNotPermitPractice() {
    assertThat(washington(LicenseStatus.PENDING).permitsPracticeAt(MID_JUNE)).isFalse();
  }

  @Test
  void rejectedLicenseDoesNotPermitPractice() {
    assertThat(washington(LicenseStatus.REJECTED).permitsPracticeAt(MID_JUNE)).isFalse();
  }

  @Test
  void validThroughTheLastMinuteOfTheExpiryDateInTheStatesZone() {
    License license = washington(LicenseStatus.VERIFIED);
    assertThat(license.expiredAt(LATE_JUNE_30_PACIFIC)).isFalse();
    assertThat(license.permitsPracticeAt(LATE_JUNE_30_PACIFIC)).isTrue();
    assertThat(license.permitsPracticeAt(Instant.parse("2026-07-01T06:59:59Z"))).isTrue();
  }

  @Test
  void expiredOnceTheNextDayStartsInTheStatesZone() {
    License license = washington(LicenseStatus.VERIFIED);
    assertThat(license.expiredAt(Instant.parse("2026-07-01T07:00:00Z"))).isTrue();
    assertThat(license.expiredAt(EARLY_JULY_1_PACIFIC)).isTrue();
    assertThat(license.permitsPracticeAt(EARLY_JULY_1_PACIFIC)).isFalse();
  }

  @Test
  void sameInstantIsAlreadyExpiredForAnEasternLicense() {
    License newYork = new License(UsState.NY, "123456", END_OF_JUNE, LicenseStatus.VERIFIED);
    assertThat(newYork.expiredAt(LATE_JUNE_30_PACIFIC)).isTrue();
    assertThat(newYork.expiredAt(Instant.parse("2026-07-01T03:59:59Z"))).isFalse();
  }

  @Test
  void validOnTheExpiryDayItself() {
    assertThat(washington(LicenseStatus.VERIFIED).expiredAt(Instant.parse("2026-06-30T07:00:00Z"))).isFalse();
  }

  @Test
  void pendingLicenseCanStillBeUnexpired() {
    assertThat(washington(LicenseStatus.PENDING).expiredAt(MID_JUNE)).isFalse();
  }

  @Test
  void withStatusChangesOnlyTheStatus() {
    License verified = washington(LicenseStatus.PENDING).withStatus(LicenseStatus.VERIFIED);
    assertThat(verified).isEqualTo(washington(LicenseStatus.VERIFIED));
  }

  @Test
  void rejectsMissingFields() {
    assertThatNullPointerException().isThrownBy(() -> new License(null, "1", END_OF_JUNE, LicenseStatus.VERIFIED));
    assertThatNullPointerException().isThrownBy(() -> new License(UsState.WA, null, END_OF_JUNE, LicenseStatus.VERIFIED));
    assertThatNullPointerException().isThrownBy(() -> new License(UsState.WA, "1", null, LicenseStatus.VERIFIED));
    assertThatNullPointerException().isThrownBy(() -> new License(UsState.WA, "1", END_OF_JUNE, null));
  }
}
