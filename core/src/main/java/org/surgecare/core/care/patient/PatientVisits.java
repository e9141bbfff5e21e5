package org.surgecare.core.care.patient;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.surgecare.core.common.entity.AskingEntity;
import org.surgecare.core.common.entity.Asks;
import org.surgecare.core.care.Entities;
import org.surgecare.core.common.EntityId;
import org.surgecare.core.common.JsonSerializable;
import org.surgecare.core.common.entity.Refusal;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.visit.IntakeDetails;
import org.surgecare.core.care.visit.Visit;
import org.surgecare.core.care.visit.VisitState.VisitRecord;

/**
 * One patient within a tenant: owns the intake flow, its idempotency keys, and the rule that a patient has at
 * most one active visit. The intake is persisted here before the visit is opened, so a retry with the same key
 * (or any later intake) resumes a flow a crash cut short instead of creating a second visit.
 */
public final class PatientVisits
    extends AskingEntity<PatientVisits.Command, PatientVisits.Event, PatientState> {

  public static final EntityTypeKey<Command> ENTITY_TYPE = EntityTypeKey.create(Command.class, "PatientVisits");

  // ---- commands

  public sealed interface Command extends JsonSerializable {}

  /** What the patient asks for; the visit id and request time are assigned here. */
  public record VisitRequest(String patientName, String reason, int priority, UsState state) implements JsonSerializable {}

  /**
   * Refused with {@link Refusal.Kind#IDEMPOTENCY_KEY_REUSED} when the key was used before for a different request,
   * and with {@link Refusal.Kind#ACTIVE_VISIT_EXISTS} when the patient already has a visit in progress or waiting.
   */
  public record RequestVisit(String idempotencyKey, VisitRequest request, ActorRef<StatusReply<Accepted>> replyTo)
      implements Command {}

  /** The visit this request produced; {@code replayed} when the key had been used before. */
  public record Accepted(VisitRecord visit, boolean replayed) implements JsonSerializable {}

  /** The answer to an ask this entity made, delivered back to it; never leaves the node. */
  private record Resume(Resumption<Event, PatientState> then) implements Command {}

  // ---- events

  public sealed interface Event extends JsonSerializable {}

  public record IntakeStarted(String idempotencyKey, IntakeDetails intake, Instant at) implements Event {}

  // ---- behavior

  public static Behavior<Command> create(EntityId id, Entities entities, Clock clock) {
    return Behaviors.setup(context -> new PatientVisits(id, entities, clock, context));
  }

  private final EntityId id;
  private final Entities entities;
  private final Clock clock;

  private PatientVisits(EntityId id, Entities entities, Clock clock, ActorContext<Command> context) {
    super(PersistenceId.of(ENTITY_TYPE.name(), id.toString()), context, Resume::new,
        c -> c instanceof Resume r ? Optional.of(r.then()) : Optional.empty());
    this.id = id;
    this.entities = entities;
    this.clock = clock;
  }

  @Override
  public PatientState emptyState() {
    return PatientState.empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(50, 2);
  }

  @Override
  protected CommandHandlerWithReply<Command, Event, PatientState> handler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(RequestVisit.class, this::onRequest)
        .build();
  }

  private ReplyEffect<Event, PatientState> onRequest(PatientState state, RequestVisit c) {
    Optional<IntakeDetails> known = state.byKey(c.idempotencyKey());
    if (known.isPresent()) {
      IntakeDetails intake = known.get();
      if (!sameRequest(intake, c.request())) {
        return Effect().reply(c.replyTo(), Refusal.keyReused(intake.visitId()).reply());
      }
      return open(intake, true, c.replyTo());
    }
    Optional<IntakeDetails> latest = state.latest();
    if (latest.isEmpty()) {
      return startIntake(c);
    }
    // Resume the latest visit's opening if a crash cut it short, then decide whether it is still active.
    return ask(
        openVisit(latest.get()),
        (s, record, failure) -> {
          if (failure != null) {
            return Effect().reply(c.replyTo(), failed(failure));
          }
          if (record.status().active()) {
            return Effect().reply(c.replyTo(), Refusal.activeVisitExists(record.visitId()).<Accepted>reply());
          }
          return startIntake(c);
        });
  }

  private ReplyEffect<Event, PatientState> startIntake(RequestVisit c) {
    VisitRequest r = c.request();
    Instant now = clock.instant();
    IntakeDetails intake =
        new IntakeDetails(UUID.randomUUID().toString(), id.key(), r.patientName(), r.reason(), r.priority(), r.state(), now);
    return Effect()
        .persist(new IntakeStarted(c.idempotencyKey(), intake, now))
        .thenRun(after -> pipe(openVisit(intake), (s, record, failure) -> reply(record, failure, false, c.replyTo())))
        .thenNoReply();
  }

  private ReplyEffect<Event, PatientState> open(
      IntakeDetails intake, boolean replayed, ActorRef<StatusReply<Accepted>> replyTo) {
    return ask(openVisit(intake), (s, record, failure) -> reply(record, failure, replayed, replyTo));
  }

  private ReplyEffect<Event, PatientState> reply(
      VisitRecord record, Throwable failure, boolean replayed, ActorRef<StatusReply<Accepted>> replyTo) {
    StatusReply<Accepted> answer =
        failure != null ? failed(failure) : StatusReply.success(new Accepted(record, replayed));
    return Effect().reply(replyTo, answer);
  }

  private CompletionStage<VisitRecord> openVisit(IntakeDetails intake) {
    return Asks.askWithStatus(
        entities.visit(id.tenant(), intake.visitId()),
        replyTo -> new Visit.Open(intake, replyTo),
        context.getSystem().scheduler());
  }

  private static boolean sameRequest(IntakeDetails intake, VisitRequest request) {
    return intake.state() == request.state()
        && Objects.equals(intake.reason(), request.reason())
        && intake.priority() == request.priority();
  }

  private static StatusReply<Accepted> failed(Throwable failure) {
    return Refusal.in(failure)
        .<StatusReply<Accepted>>map(Refusal::reply)
        .orElseGet(() -> Refusal.reply(Refusal.Kind.UNAVAILABLE, "the visit did not open in time; retry with the same Idempotency-Key"));
  }

  @Override
  public EventHandler<PatientState, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(IntakeStarted.class, (state, e) -> state.withIntake(e.idempotencyKey(), e.intake()))
        .build();
  }
}
