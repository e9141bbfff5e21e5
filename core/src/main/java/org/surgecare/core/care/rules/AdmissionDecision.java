package org.surgecare.core.care.rules;

import java.time.Instant;
import java.util.Optional;

/** The outcome of the intake rules for one prospective patient. */
public sealed interface AdmissionDecision {
  record Admit() implements AdmissionDecision {}

  /** Refused, with the next opening when the reason is hours. */
  record Refuse(RefusalReason reason, String detail, Optional<Instant> nextOpening) implements AdmissionDecision {}
}
