package org.surgecare.core.care.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.Scheduler;
import org.surgecare.core.common.entity.Asks;
import org.surgecare.core.care.Entities;
import org.surgecare.core.common.entity.Refusal;
import org.surgecare.core.care.caregiver.Availability;
import org.surgecare.core.care.caregiver.Caregiver;
import org.surgecare.core.care.caregiver.CaregiverState.Profile;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.care.rules.DispatchPolicy;
import org.surgecare.core.care.rules.DispatchPolicy.Candidate;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.visit.IntakeDetails;
import org.surgecare.core.care.visit.Visit;
import org.surgecare.core.care.visit.VisitState.VisitRecord;

/**
 * "Next patient" for a provider: the first waiting visit in dispatch order across the states where the provider
 * holds a verified, unexpired license. The claim itself is atomic in the state queue; the visit then records the
 * assignment. A provider who already holds a claimed visit gets that one again, so a lost reply or a crash
 * between the two steps never strands a patient.
 */
public final class Dispatcher {
  /** Claims lost to other providers before giving up; each retry looks at the queues afresh. */
  static final int MAX_ATTEMPTS = 20;

  private final Entities entities;
  private final Scheduler scheduler;
  private final Clock clock;

  public Dispatcher(Entities entities, Scheduler scheduler, Clock clock) {
    this.entities = entities;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  /** The visit now assigned to the provider, or empty when nobody waits in their states. */
  public CompletionStage<Optional<VisitRecord>> next(String tenant, String providerId) {
    return Asks.<Caregiver.Command, Profile>askWithStatus(
            entities.caregiver(tenant, providerId), Caregiver.Get::new, scheduler)
        .thenCompose(profile -> {
          Instant now = clock.instant();
          if (!profile.provider()) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "only providers take patients");
          }
          if (profile.availability() != Availability.AVAILABLE) {
            throw new Refusal(Refusal.Kind.CONFLICT, "the provider is " + profile.availability().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "; set availability to available first");
          }
          Set<UsState> states = profile.practiceStates(now);
          if (states.isEmpty()) {
            throw new Refusal(Refusal.Kind.NOT_LICENSED, "the provider holds no verified, unexpired license");
          }
          return attempt(tenant, providerId, List.copyOf(states), 1);
        });
  }

  private CompletionStage<Optional<VisitRecord>> attempt(String tenant, String providerId, List<UsState> states, int attempt) {
    if (attempt > MAX_ATTEMPTS) {
      return CompletableFuture.failedFuture(
          new Refusal(Refusal.Kind.UNAVAILABLE, "other providers kept taking the same patients; retry"));
    }
    List<CompletableFuture<StateQueue.Peek>> peeks = new ArrayList<>();
    for (UsState state : states) {
      peeks.add(Asks.<StateQueue.Command, StateQueue.Peek>ask(
              entities.queue(tenant, state), replyTo -> new StateQueue.PeekFor(providerId, replyTo), scheduler)
          .toCompletableFuture());
    }
    return CompletableFuture.allOf(peeks.toArray(CompletableFuture[]::new)).thenCompose(all -> {
      List<Candidate> heads = new ArrayList<>();
      for (int i = 0; i < states.size(); i++) {
        StateQueue.Peek peek = peeks.get(i).join();
        if (peek.held().isPresent()) {
          return assign(tenant, providerId, states.get(i), peek.held().get())
              .thenCompose(record -> record.isPresent()
                  ? CompletableFuture.completedFuture(record)
                  : attempt(tenant, providerId, states, attempt + 1));
        }
        UsState state = states.get(i);
        peek.head().ifPresent(head -> heads.add(new Candidate(state, head.place())));
      }
      Optional<Candidate> chosen = DispatchPolicy.choose(heads);
      if (chosen.isEmpty()) {
        return CompletableFuture.completedFuture(Optional.<VisitRecord>empty());
      }
      UsState state = chosen.get().state();
      String visitId = chosen.get().head().visitId();
      return Asks.<StateQueue.Command, IntakeDetails>askWithStatus(
              entities.queue(tenant, state), replyTo -> new StateQueue.Claim(visitId, providerId, replyTo), scheduler)
          .handle((claimed, failure) -> {
            if (failure == null) {
              return assign(tenant, providerId, state, claimed);
            }
            // Another provider was faster: look again.
            return conflict(failure)
                ? CompletableFuture.completedFuture(Optional.<VisitRecord>empty())
                : CompletableFuture.<Optional<VisitRecord>>failedFuture(failure);
          })
          .thenCompose(stage -> stage)
          .thenCompose(record -> record.isPresent()
              ? CompletableFuture.completedFuture(record)
              : attempt(tenant, providerId, states, attempt + 1));
    });
  }

  /**
   * Records the claim on the visit. A visit that has moved on (cancelled, transferred) refuses; its stale queue
   * entry is then released and dispatch looks again.
   */
  private CompletionStage<Optional<VisitRecord>> assign(String tenant, String providerId, UsState state, IntakeDetails visit) {
    return Asks.<Visit.Command, VisitRecord>askWithStatus(
            entities.visit(tenant, visit.visitId()),
            replyTo -> new Visit.Assign(providerId, state, visit, replyTo),
            scheduler)
        .handle((record, failure) -> {
          if (failure == null) {
            return CompletableFuture.completedFuture(Optional.of(record));
          }
          if (!conflict(failure)) {
            return CompletableFuture.<Optional<VisitRecord>>failedFuture(failure);
          }
          return Asks.<StateQueue.Command, org.apache.pekko.Done>ask(
                  entities.queue(tenant, state),
                  replyTo -> new StateQueue.Release(visit.visitId(), StateQueue.Outcome.VOIDED, replyTo),
                  scheduler)
              .thenApply(done -> Optional.<VisitRecord>empty())
              .toCompletableFuture();
        })
        .thenCompose(stage -> stage);
  }

  private static boolean conflict(Throwable failure) {
    return Refusal.in(failure).filter(r -> r.kind() == Refusal.Kind.CONFLICT).isPresent();
  }
}
