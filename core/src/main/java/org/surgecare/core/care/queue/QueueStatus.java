package org.surgecare.core.care.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import org.surgecare.core.care.queue.QueueState.Busy;
import org.surgecare.core.care.rules.Admission;
import org.surgecare.core.care.rules.AdmissionDecision;
import org.surgecare.core.care.rules.QueueHours;
import org.surgecare.core.care.rules.QueueSettings;
import org.surgecare.core.care.rules.RefusalReason;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.rules.WaitEstimator;

/**
 * A queue's availability from the facts it depends on. The queue entity and the dashboard read model both call
 * this, so a patient and a caregiver are told the same thing.
 */
public final class QueueStatus {
  private QueueStatus() {}

  public static StateQueue.Availability availability(
      UsState state,
      QueueSettings settings,
      Optional<Busy> busy,
      int waiting,
      Collection<Instant> recentAdmissions,
      double providerCapacity,
      Duration typicalVisit,
      double giveUpShare,
      Instant now) {
    QueueHours hours = settings.hours();
    Optional<Duration> estimate = WaitEstimator.estimate(waiting, providerCapacity, typicalVisit, giveUpShare);
    AdmissionDecision decision =
        Admission.decide(settings, waiting, busy.map(Busy::since), recentAdmissions, estimate, now);
    Optional<RefusalReason> refusal = Optional.empty();
    Optional<Instant> nextOpening = Optional.empty();
    if (decision instanceof AdmissionDecision.Refuse refuse) {
      refusal = Optional.of(refuse.reason());
      nextOpening = refuse.nextOpening();
    }
    return new StateQueue.Availability(
        state,
        hours.isOpen(now),
        busy.isPresent(),
        busy.map(Busy::message).orElse(""),
        refusal.isEmpty(),
        refusal,
        estimate,
        hours.closesAt(now),
        nextOpening,
        waiting,
        providerCapacity);
  }
}
