package org.surgecare.core.care.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.surgecare.core.common.UsState;

class LicensureTest {
  private static final LocalDate END_OF_JUNE = LocalDate.of(2026, 6, 30);
  private static final LocalDate NEXT_YEAR = LocalDate.of(2027, 6, 30);
  private static final Instant MID_JUNE = Instant.parse("2026-06-15T12:00:00Z");
  private static final Instant LATE_JUNE_30_PACIFIC = Instant.parse("2026-07-01T06:00:00Z");
  private static final Instant EARLY_JULY_1_PACIFIC = Instant.parse("2026-07-01T07:30:00Z");

  private static License license(UsState state, LocalDate expires, LicenseStatus status) {
    return new License(state, state + "-001", expires, status);
  }

  @Test
  void verifiedLicenseForTheStatePermits() {
    List<License> licenses = List.of(license(UsState.WA, END_OF_JUNE, LicenseStatus.VERIFIED));
    assertThat(Licensure.permits(licenses, UsState.WA, MID_JUNE)).isTrue();
  }

  @Test
  void licenseForAnotherStateDoesNotPermit() {
    List<License> licenses = List.of(license(UsState.OR, END_OF_JUNE, LicenseStatus.VERIFIED));
    assertThat(Licensure.permits(licenses, UsState.WA, MID_JUNE)).isFalse();
  }

  @Test
  void pendingLicenseDoesNotPermit() {
    List<License> licenses = List.of(license(UsState.WA, END_OF_JUNE, LicenseStatus.PENDING));
    assertThat(Licensure.permits(licenses, UsState.WA, MID_JUNE)).isFalse();
  }

  @Test
  void rejectedLicenseDoesNotPermit() {
    List<License> licenses = List.of(license(UsState.WA, END_OF_JUNE, LicenseStatus.REJECTED));
    assertThat(Licensure.permits(licenses, UsState.WA, MID_JUNE)).isFalse();
  }

  @Test
  void noLicensesPermitNothing() {
    assertThat(Licensure.permits(List.of(), UsState.WA, MID_JUNE)).isFalse();
    assertThat(Licensure.practiceStates(List.of(), MID_JUNE)).isEmpty();
  }

  @Test
  void expiryIsInclusiveInTheStatesOwnZone() {
    List<License> licenses = List.of(license(UsState.WA, END_OF_JUNE, LicenseStatus.VERIFIED));
    assertThat(Licensure.permits(licenses, UsState.WA, LATE_JUNE_30_PACIFIC)).isTrue();
    assertThat(Licensure.permits(licenses, UsState.WA, EARLY_JULY_1_PACIFIC)).isFalse();
  }

  @Test
  void renewedLicensePermitsAlongsideTheExpiredOne() {
    List<License> licenses = List.of(
        license(UsState.WA, END_OF_JUNE, LicenseStatus.VERIFIED),
        license(UsState.WA, NEXT_YEAR, LicenseStatus.VERIFIED));
    assertThat(Licensure.permits(licenses, UsState.WA, EARLY_JULY_1_PACIFIC)).isTrue();
  }

  @Test
  void practiceStatesAreThoseWithAVerifiedUnexpiredLicense() {
    List<License> licenses = List.of(
        license(UsState.WA, NEXT_YEAR, LicenseStatus.VERIFIED),
        license(UsState.OR, NEXT_YEAR, LicenseStatus.PENDING),
        license(UsState.CA, NEXT_YEAR, LicenseStatus.REJECTED),
        license(UsState.NV, END_OF_JUNE, LicenseStatus.VERIFIED),
        license(UsState.AZ, NEXT_YEAR, LicenseStatus.VERIFIED));
    assertThat(Licensure.practiceStates(licenses, EARLY_JULY_1_PACIFIC)).containsExactlyInAnyOrder(UsState.WA, UsState.AZ);
  }

  @Test
  void practiceStatesIncludeALicenseOnItsLastLocalDay() {
    List<License> licenses = List.of(
        license(UsState.WA, END_OF_JUNE, LicenseStatus.VERIFIED),
        license(UsState.NY, END_OF_JUNE, LicenseStatus.VERIFIED));
    assertThat(Licensure.practiceStates(licenses, LATE_JUNE_30_PACIFIC)).containsExactly(UsState.WA);
  }

  @Test
  void practiceStatesListAStateOnceForSeveralLicenses() {
    List<License> licenses = List.of(
        license(UsState.WA, END_OF_JUNE, LicenseStatus.VERIFIED),
        license(UsState.WA, NEXT_YEAR, LicenseStatus.VERIFIED));
    assertThat(Licensure.practiceStates(licenses, MID_JUNE)).containsExactly(UsState.WA);
  }
}
