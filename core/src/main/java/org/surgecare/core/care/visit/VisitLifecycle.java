package org.surgecare.core.care.visit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.care.visit.Visit.Cancel;
import org.surgecare.core.care.visit.Visit.Complete;
import org.surgecare.core.care.visit.Visit.Event;
import org.surgecare.core.care.visit.Visit.MarkNoShow;
import org.surgecare.core.care.visit.Visit.Start;
import org.surgecare.core.care.visit.Visit.Transfer;
import org.surgecare.core.care.visit.Visit.Unassign;
import org.surgecare.core.care.visit.Visit.VisitCancelled;
import org.surgecare.core.care.visit.Visit.VisitCompleted;
import org.surgecare.core.care.visit.Visit.VisitNoShow;
import org.surgecare.core.care.visit.Visit.VisitStarted;
import org.surgecare.core.care.visit.Visit.VisitTransferred;
import org.surgecare.core.care.visit.Visit.VisitUnassigned;
import org.surgecare.core.care.visit.VisitState.VisitRecord;
import org.surgecare.core.common.entity.Asks;
import org.surgecare.core.common.entity.Refusal;

/**
 * The lifecycle commands of an opened visit, handled for the {@link Visit} entity: who may start, end, give back,
 * cancel or move it, and in which status. A change that moves the visit in a queue asks the queue first and is
 * persisted only once the queue agreed.
 */
final class VisitLifecycle {
  private final Visit visit;
  private final EffectFactories<Event, VisitState> effect;
  private final Clock clock;
  private final ActorSystem<?> system;

  VisitLifecycle(Visit visit, EffectFactories<Event, VisitState> effect, Clock clock, ActorSystem<?> system) {
    this.visit = visit;
    this.effect = effect;
    this.clock = clock;
    this.system = system;
  }

  ReplyEffect<Event, VisitState> onStart(VisitRecord record, Start c) {
    if (record.status() == VisitStatus.IN_PROGRESS && record.assignedTo(c.providerId())) {
      return effect.reply(c.replyTo(), StatusReply.success(record));
    }
    ReplyEffect<Event, VisitState> refusal = requireAssignedTo(record, c.providerId(), c.replyTo());
    if (refusal != null) {
      return refusal;
    }
    return releaseThenPersist(record, StateQueue.Outcome.STARTED, new VisitStarted(c.providerId(), clock.instant()), c.replyTo());
  }

  ReplyEffect<Event, VisitState> onComplete(VisitRecord record, Complete c) {
    if (record.status() == VisitStatus.COMPLETED && record.assignedTo(c.providerId())) {
      return effect.reply(c.replyTo(), StatusReply.success(record));
    }
    if (record.status() != VisitStatus.IN_PROGRESS) {
      return effect.reply(c.replyTo(), Refusal.reply(Refusal.Kind.CONFLICT, "only a visit in progress can be completed; it is " + Visit.describe(record)));
    }
    if (!record.assignedTo(c.providerId())) {
      return effect.reply(c.replyTo(), Refusal.reply(Refusal.Kind.FORBIDDEN, "the visit is another provider's"));
    }
    Instant now = clock.instant();
    Duration length = Duration.between(record.startedAt().orElse(now), now);
    return visit.persisted(new VisitCompleted(c.providerId(), now))
        .thenRun(after -> visit.queue(record.state()).tell(
            new StateQueue.RecordVisitLength(record.visitId(), length, system.ignoreRef())))
        .thenReply(c.replyTo(), Visit::success);
  }

  ReplyEffect<Event, VisitState> onNoShow(VisitRecord record, MarkNoShow c) {
    if (record.status() == VisitStatus.NO_SHOW) {
      return effect.reply(c.replyTo(), StatusReply.success(record));
    }
    boolean noShowable = record.status() == VisitStatus.ASSIGNED || record.status() == VisitStatus.IN_PROGRESS;
    if (!noShowable) {
      return effect.reply(c.replyTo(), Refusal.reply(Refusal.Kind.CONFLICT, "only an assigned visit can be a no-show; it is " + Visit.describe(record)));
    }
    if (!record.assignedTo(c.providerId())) {
      return effect.reply(c.replyTo(), Refusal.reply(Refusal.Kind.FORBIDDEN, "the visit is another provider's"));
    }
    return releaseThenPersist(record, StateQueue.Outcome.NO_SHOW, new VisitNoShow(c.providerId(), clock.instant()), c.replyTo());
  }

  ReplyEffect<Event, VisitState> onUnassign(VisitRecord record, Unassign c) {
    if (record.status() == VisitStatus.WAITING) {
      return effect.reply(c.replyTo(), StatusReply.success(record));
    }
    ReplyEffect<Event, VisitState> refusal = requireAssignedTo(record, c.providerId(), c.replyTo());
    if (refusal != null) {
      return refusal;
    }
    return visit.askThen(
        Asks.<StateQueue.Command, Done>askWithStatus(
            visit.queue(record.state()),
            replyTo -> new StateQueue.Return(record.visitId(), c.providerId(), replyTo),
            system.scheduler()),
        (s, done, failure) -> failure != null
            ? effect.reply(c.replyTo(), Visit.unavailable(failure))
            : visit.persisted(new VisitUnassigned(c.providerId(), clock.instant())).thenReply(c.replyTo(), Visit::success));
  }

  ReplyEffect<Event, VisitState> onCancel(VisitRecord record, Cancel c) {
    if (record.status() == VisitStatus.CANCELLED) {
      return effect.reply(c.replyTo(), StatusReply.success(record));
    }
    if (!record.status().queued()) {
      return effect.reply(c.replyTo(), Refusal.reply(Refusal.Kind.CONFLICT, "only a waiting or assigned visit can be cancelled; it is " + Visit.describe(record)));
    }
    return releaseThenPersist(record, StateQueue.Outcome.CANCELLED, new VisitCancelled(c.by(), c.reason(), clock.instant()), c.replyTo());
  }

  ReplyEffect<Event, VisitState> onTransfer(VisitRecord record, Transfer c) {
    if (record.status() != VisitStatus.WAITING) {
      return effect.reply(c.replyTo(), Refusal.reply(Refusal.Kind.CONFLICT, "only a waiting visit can be transferred; it is " + Visit.describe(record)));
    }
    if (record.state() == c.to()) {
      return effect.reply(c.replyTo(), StatusReply.success(record));
    }
    IntakeDetails moved = record.intake().transferredTo(c.to());
    return visit.askThen(
        Asks.<StateQueue.Command, StateQueue.AdmitReply>ask(
            visit.queue(c.to()), replyTo -> new StateQueue.Admit(moved, true, replyTo), system.scheduler()),
        (s, reply, failure) -> {
          if (failure != null) {
            return effect.reply(c.replyTo(), Visit.unavailable(failure));
          }
          if (reply instanceof StateQueue.Refused refused) {
            return effect.reply(c.replyTo(), Refusal.<VisitRecord>reply(Refusal.Kind.CONFLICT,
                "the " + c.to() + " queue refused the transfer: " + refused.reason().slug() + " (" + refused.detail() + ")"));
          }
          return releaseThenPersist(record, StateQueue.Outcome.TRANSFERRED, new VisitTransferred(record.state(), c.to(), c.by(), clock.instant()), c.replyTo());
        });
  }

  /** Takes the visit out of its queue, then records the event that says why. */
  private ReplyEffect<Event, VisitState> releaseThenPersist(
      VisitRecord record, StateQueue.Outcome outcome, Event event, ActorRef<StatusReply<VisitRecord>> replyTo) {
    return visit.askThen(
        Asks.<StateQueue.Command, Done>ask(
            visit.queue(record.state()),
            ref -> new StateQueue.Release(record.visitId(), outcome, ref),
            system.scheduler()),
        (s, done, failure) -> failure != null
            ? effect.reply(replyTo, Visit.unavailable(failure))
            : visit.persisted(event).thenReply(replyTo, Visit::success));
  }

  private ReplyEffect<Event, VisitState> requireAssignedTo(
      VisitRecord record, String providerId, ActorRef<StatusReply<VisitRecord>> replyTo) {
    if (record.status() != VisitStatus.ASSIGNED) {
      return effect.reply(replyTo, Refusal.reply(Refusal.Kind.CONFLICT, "the visit is " + Visit.describe(record) + ", not assigned"));
    }
    if (!record.assignedTo(providerId)) {
      return effect.reply(replyTo, Refusal.reply(Refusal.Kind.FORBIDDEN, "the visit is assigned to another provider"));
    }
    return null;
  }
}
