package org.surgecare.core.care.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.surgecare.core.common.UsState;

/** A caregiver's license to practise in one state, valid through its expiry date in that state's time zone. */
public record License(UsState state, String number, LocalDate expires, LicenseStatus status) {
  public License {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(status, "status");
  }

  public boolean expiredAt(Instant at) {
    return at.atZone(state.defaultZone()).toLocalDate().isAfter(expires);
  }

  /** Verified and not expired: the provider may take this state's patients. */
  public boolean permitsPracticeAt(Instant at) {
    return status == LicenseStatus.VERIFIED && !expiredAt(at);
  }

  public License withStatus(LicenseStatus newStatus) {
    return new License(state, number, expires, newStatus);
  }
}
