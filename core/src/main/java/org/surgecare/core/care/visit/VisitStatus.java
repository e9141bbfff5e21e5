package org.surgecare.core.care.visit;

/** Where a visit is in its lifecycle. A transfer keeps the visit waiting, in another state's queue. */
public enum VisitStatus {
  WAITING,
  ASSIGNED,
  IN_PROGRESS,
  COMPLETED,
  CANCELLED,
  NO_SHOW,
  REJECTED;

  public boolean active() {
    return this == WAITING || this == ASSIGNED || this == IN_PROGRESS;
  }

  /** Still in a queue: waiting, or taken by a provider who has not started it. */
  public boolean queued() {
    return this == WAITING || this == ASSIGNED;
  }
}
