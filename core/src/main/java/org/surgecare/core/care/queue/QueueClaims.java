package org.surgecare.core.care.queue;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.surgecare.core.care.queue.QueueState.ClaimedVisit;
import org.surgecare.core.care.queue.StateQueue.Claim;
import org.surgecare.core.care.queue.StateQueue.Event;
import org.surgecare.core.care.queue.StateQueue.Release;
import org.surgecare.core.care.queue.StateQueue.Return;
import org.surgecare.core.care.queue.StateQueue.VisitClaimed;
import org.surgecare.core.care.queue.StateQueue.VisitReleased;
import org.surgecare.core.care.queue.StateQueue.VisitReturned;
import org.surgecare.core.care.visit.IntakeDetails;
import org.surgecare.core.common.entity.Refusal;

/**
 * The state queue's claims, handled for the {@link StateQueue} entity: a provider takes a waiting visit
 * atomically, gives it back to its place, or the visit leaves the queue for good.
 */
final class QueueClaims {
  private final EffectFactories<Event, QueueState> effect;
  private final Function<Event, EffectBuilder<Event, QueueState>> persisted;
  private final Clock clock;

  QueueClaims(
      EffectFactories<Event, QueueState> effect,
      Function<Event, EffectBuilder<Event, QueueState>> persisted,
      Clock clock) {
    this.effect = effect;
    this.persisted = persisted;
    this.clock = clock;
  }

  ReplyEffect<Event, QueueState> onClaim(QueueState s, Claim c) {
    Optional<IntakeDetails> visit = s.waiting().stream().filter(w -> w.visitId().equals(c.visitId())).findFirst();
    if (visit.isEmpty()) {
      ClaimedVisit already = s.claimed().get(c.visitId());
      if (already != null && already.providerId().equals(c.providerId())) {
        return effect.reply(c.replyTo(), StatusReply.success(already.visit()));
      }
      return effect.reply(c.replyTo(), notWaiting(c.visitId()));
    }
    return persisted.apply(new VisitClaimed(c.visitId(), c.providerId(), clock.instant()))
        .thenReply(c.replyTo(), after -> StatusReply.success(visit.get()));
  }

  private static <T> StatusReply<T> notWaiting(String visitId) {
    return Refusal.reply(Refusal.Kind.CONFLICT, "visit " + visitId + " is not waiting in this queue");
  }

  ReplyEffect<Event, QueueState> onRelease(QueueState s, Release c) {
    if (!s.holds(c.visitId())) {
      return effect.reply(c.replyTo(), Done.getInstance());
    }
    return persisted.apply(new VisitReleased(c.visitId(), c.outcome(), clock.instant()))
        .thenReply(c.replyTo(), after -> Done.getInstance());
  }

  ReplyEffect<Event, QueueState> onReturn(QueueState s, Return c) {
    ClaimedVisit claim = s.claimed().get(c.visitId());
    if (claim == null) {
      return s.positionOf(c.visitId()).isPresent()
          ? effect.reply(c.replyTo(), StatusReply.ack())
          : effect.reply(c.replyTo(), Refusal.reply(Refusal.Kind.CONFLICT, "visit " + c.visitId() + " is not claimed in this queue"));
    }
    if (!claim.providerId().equals(c.providerId())) {
      return effect.reply(c.replyTo(), Refusal.reply(Refusal.Kind.CONFLICT, "visit " + c.visitId() + " is held by another provider"));
    }
    return persisted.apply(new VisitReturned(c.visitId(), c.providerId(), clock.instant()))
        .thenReply(c.replyTo(), after -> StatusReply.ack());
  }
}
