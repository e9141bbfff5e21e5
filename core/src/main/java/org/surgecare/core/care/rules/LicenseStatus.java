package org.surgecare.core.care.rules;

/** Credentialing state of a license: only verified licenses let a provider see patients. */
public enum LicenseStatus {
  PENDING,
  VERIFIED,
  REJECTED
}
