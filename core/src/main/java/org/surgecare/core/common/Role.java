package org.surgecare.core.common;

import java.util.Locale;
import java.util.Optional;

/** Who a signed-in user is to the system; carried in access tokens and held by caregivers. */
public enum Role {
  PATIENT,
  PROVIDER,
  SUPPORT,
  ADMIN,
  OPERATOR;

  public boolean caregiver() {
    return this == PROVIDER || this == SUPPORT || this == ADMIN;
  }

  public String slug() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(text.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException unknown) {
      return Optional.empty();
    }
  }
}
