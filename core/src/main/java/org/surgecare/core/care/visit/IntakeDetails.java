package org.surgecare.core.care.visit;

import java.time.Instant;
import org.surgecare.core.common.JsonSerializable;
import org.surgecare.core.care.rules.QueuedVisit;
import org.surgecare.core.common.UsState;

/**
 * What a patient gave at intake. It travels with the visit into its queue, so that the queue can show it to
 * caregivers and so that any entity holding it can re-create the visit record if a crash cut a flow short.
 * {@code requestedAt} is kept across transfers: a transferred patient keeps their place in time.
 */
public record IntakeDetails(
    String visitId,
    String patientId,
    String patientName,
    String reason,
    int priority,
    UsState state,
    Instant requestedAt)
    implements JsonSerializable {

  public QueuedVisit place() {
    return new QueuedVisit(visitId, priority, requestedAt);
  }

  public IntakeDetails transferredTo(UsState newState) {
    return new IntakeDetails(visitId, patientId, patientName, reason, priority, newState, requestedAt);
  }
}
