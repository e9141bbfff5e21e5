package org.surgecare.core.care.patient;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.surgecare.core.common.JsonSerializable;
import org.surgecare.core.care.visit.IntakeDetails;

/**
 * A patient's intakes within one tenant: the visit each recent idempotency key produced, and the visit that may
 * still be active. "Active" is checked against the visit itself before it blocks a new intake.
 */
public record PatientState(List<KeyedIntake> recent, Optional<IntakeDetails> latest) implements JsonSerializable {
  /** How many idempotency keys are remembered per patient; older retries are treated as new requests. */
  static final int KEYS_KEPT = 50;

  public record KeyedIntake(String idempotencyKey, IntakeDetails intake) implements JsonSerializable {}

  public PatientState {
    recent = List.copyOf(recent);
  }

  static PatientState empty() {
    return new PatientState(List.of(), Optional.empty());
  }

  Optional<IntakeDetails> byKey(String idempotencyKey) {
    return recent.stream().filter(k -> k.idempotencyKey().equals(idempotencyKey)).map(KeyedIntake::intake).findFirst();
  }

  PatientState withIntake(String idempotencyKey, IntakeDetails intake) {
    List<KeyedIntake> more = new ArrayList<>(recent);
    more.add(new KeyedIntake(idempotencyKey, intake));
    int drop = Math.max(0, more.size() - KEYS_KEPT);
    return new PatientState(more.subList(drop, more.size()), Optional.of(intake));
  }
}
