package org.surgecare.core.care.caregiver;

/** Whether a provider is taking patients now; only available providers get patients and count in estimates. */
public enum Availability {
  AVAILABLE,
  ON_BREAK,
  OFFLINE
}
