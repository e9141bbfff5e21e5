package org.surgecare.core.care.rules;

/** Why intake turned a patient away. The slug is the stable part of the problem type clients match on. */
public enum RefusalReason {
  CLOSED("closed"),
  BUSY("busy"),
  FULL("full"),
  END_OF_SHIFT("end-of-shift");

  private final String slug;

  RefusalReason(String slug) {
    this.slug = slug;
  }

  public String slug() {
    return slug;
  }
}
