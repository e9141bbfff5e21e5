package org.surgecare.core.care.caregiver;

/** Where a caregiver is in onboarding: invited by an admin, or active once they completed their own profile. */
public enum CaregiverStatus {
  INVITED,
  ACTIVE
}
