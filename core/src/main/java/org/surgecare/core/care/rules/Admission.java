package org.surgecare.core.care.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * The intake rules of a state queue, in the order a patient would want to hear them: closed, full, busy, then
 * end of shift (the only one that depends on the wait estimate).
 */
public final class Admission {
  private Admission() {}

  /**
   * @param busySince when the queue was marked busy; empty when it is not busy
   * @param recentAdmissions admission times of the last throttle window (older ones are ignored)
   * @param estimatedWait the wait a new patient would have; empty when no provider is available to estimate it
   */
  public static AdmissionDecision decide(
      QueueSettings settings,
      int waiting,
      Optional<Instant> busySince,
      Collection<Instant> recentAdmissions,
      Optional<Duration> estimatedWait,
      Instant now) {
    QueueHours hours = settings.hours();
    if (!hours.isOpen(now)) {
      Optional<Instant> next = hours.nextOpening(now);
      String detail = next.map(at -> "closed until " + at).orElse("closed");
      return new AdmissionDecision.Refuse(RefusalReason.CLOSED, detail, next);
    }
    if (waiting >= settings.capacity()) {
      return new AdmissionDecision.Refuse(
          RefusalReason.FULL, "the queue holds its maximum of " + settings.capacity() + " waiting patients", Optional.empty());
    }
    if (busySince.isPresent()
        && !IntakeThrottle.permits(settings.busyRate(), busySince.get(), recentAdmissions, now)) {
      return new AdmissionDecision.Refuse(
          RefusalReason.BUSY, "the queue is busy and has taken its share of new visits for now", Optional.empty());
    }
    Optional<Instant> closes = hours.closesAt(now);
    if (closes.isPresent() && estimatedWait.isPresent()) {
      Instant seenBy = now.plus(estimatedWait.get());
      if (seenBy.isAfter(closes.get().plus(settings.endOfShiftGrace()))) {
        return new AdmissionDecision.Refuse(
            RefusalReason.END_OF_SHIFT,
            "the estimated wait runs past closing time at " + closes.get(),
            hours.nextOpening(closes.get()));
      }
    }
    return new AdmissionDecision.Admit();
  }
}
