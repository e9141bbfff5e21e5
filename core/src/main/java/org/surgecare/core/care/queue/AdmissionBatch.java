package org.surgecare.core.care.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.surgecare.core.care.queue.StateQueue.Admit;
import org.surgecare.core.care.queue.StateQueue.AlreadyClaimed;
import org.surgecare.core.care.queue.StateQueue.Event;
import org.surgecare.core.care.queue.StateQueue.Refused;
import org.surgecare.core.care.queue.StateQueue.VisitQueued;
import org.surgecare.core.care.rules.AdmissionDecision;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.visit.IntakeDetails;

/**
 * The state queue's admissions, decided and written in batches: every Admit that arrives while the previous batch
 * is being written waits here and goes into the next single write. A surge on one state then costs one journal
 * write per batch instead of one per patient, and the rules still see every patient in arrival order.
 */
final class AdmissionBatch {
  /** What a batch writes, and the admissions to answer with their place once it is written. */
  record Decided(List<Event> events, List<Admit> queued) {}

  private final UsState state;
  private final List<Admit> pending = new ArrayList<>();

  AdmissionBatch(UsState state) {
    this.state = state;
  }

  /** Adds an admission to the next batch; true when it is the first, and the batch is to be scheduled. */
  boolean add(Admit admit) {
    pending.add(admit);
    return pending.size() == 1;
  }

  /**
   * Decides the waiting admissions in arrival order, each against the state the previous ones leave. Refusals and
   * visits a provider already took are answered now; they write nothing.
   */
  Decided decide(QueueState s, Instant now) {
    List<Admit> batch = List.copyOf(pending);
    pending.clear();
    QueueState running = s;
    List<Event> events = new ArrayList<>();
    List<Admit> queued = new ArrayList<>();
    for (Admit c : batch) {
      String visitId = c.visit().visitId();
      if (running.positionOf(visitId).isPresent()) {
        queued.add(c);
        continue;
      }
      if (running.claimed().containsKey(visitId)) {
        c.replyTo().tell(new AlreadyClaimed(running.claimed().get(visitId).providerId()));
        continue;
      }
      AdmissionDecision decision =
          c.transfer() ? running.transferAdmission(now) : running.admission(c.visit().priority(), now);
      if (decision instanceof AdmissionDecision.Refuse refuse) {
        c.replyTo().tell(new Refused(refuse.reason(), refuse.detail(), refuse.nextOpening()));
        continue;
      }
      IntakeDetails visit = c.visit().transferredTo(state);
      events.add(new VisitQueued(visit, now));
      running = running.withQueued(visit, now);
      queued.add(c);
    }
    return new Decided(List.copyOf(events), List.copyOf(queued));
  }
}
