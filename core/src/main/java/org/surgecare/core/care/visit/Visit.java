package org.surgecare.core.care.visit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.surgecare.core.common.entity.AskingEntity;
import org.surgecare.core.common.entity.Asks;
import org.surgecare.core.care.Entities;
import org.surgecare.core.common.EntityId;
import org.surgecare.core.common.JsonSerializable;
import org.surgecare.core.common.entity.Refusal;
import org.surgecare.core.common.Tags;
import org.surgecare.core.care.live.LiveEvent;
import org.surgecare.core.care.live.LiveFeed;
import org.surgecare.core.common.Role;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.care.rules.RefusalReason;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.visit.VisitState.Unopened;
import org.surgecare.core.care.visit.VisitState.VisitRecord;

/**
 * One visit: the single writer of its record and lifecycle. Changes that also move the visit in a queue ask the
 * queue first (queue commands are idempotent per visit) and persist here only once the queue agreed, so a crash
 * in between is healed by the caller's retry; the visit never claims a state its queue does not know.
 */
public final class Visit extends AskingEntity<Visit.Command, Visit.Event, VisitState> {

  public static final EntityTypeKey<Command> ENTITY_TYPE = EntityTypeKey.create(Command.class, "Visit");

  /** What a caller learns of a visit that does not exist, or is not theirs to see. */
  public static final String NO_SUCH_VISIT = "no such visit";

  // ---- commands

  public sealed interface Command extends JsonSerializable {}

  /** Open the visit from intake: asks the state queue to admit it. Idempotent: an open visit replies its record. */
  public record Open(IntakeDetails intake, ActorRef<StatusReply<VisitRecord>> replyTo) implements Command {}

  /**
   * A provider claimed this visit in the queue of {@code fromState}. Carries the intake so that a visit whose
   * opening was cut short by a crash is still recorded.
   */
  public record Assign(String providerId, UsState fromState, IntakeDetails intake, ActorRef<StatusReply<VisitRecord>> replyTo)
      implements Command {}

  public record Start(String providerId, ActorRef<StatusReply<VisitRecord>> replyTo) implements Command {}

  public record Complete(String providerId, ActorRef<StatusReply<VisitRecord>> replyTo) implements Command {}

  public record MarkNoShow(String providerId, ActorRef<StatusReply<VisitRecord>> replyTo) implements Command {}

  public record Unassign(String providerId, ActorRef<StatusReply<VisitRecord>> replyTo) implements Command {}

  public record Cancel(String by, String reason, ActorRef<StatusReply<VisitRecord>> replyTo) implements Command {}

  public record Transfer(UsState to, String by, ActorRef<StatusReply<VisitRecord>> replyTo) implements Command {}

  public record Get(ActorRef<StatusReply<VisitRecord>> replyTo) implements Command {}

  // ---- chat commands: messages are part of the visit's history

  public sealed interface ChatCommand extends Command {}

  /** Post a message as the visit's patient or as staff, while the visit is active. */
  public record PostMessage(String senderId, Role senderRole, String text, ActorRef<StatusReply<Chat.ChatMessage>> replyTo)
      implements ChatCommand {}

  /** Messages after a message number, oldest first. */
  public record GetMessages(String readerId, Role readerRole, long after, int limit, ActorRef<StatusReply<Chat.Page>> replyTo)
      implements ChatCommand {}

  /** Staff have read the chat up to a message number (at most the last one). The marker never moves back. */
  public record MarkMessagesRead(String readerId, Role readerRole, long upTo, ActorRef<StatusReply<Chat.Summary>> replyTo)
      implements ChatCommand {}

  /** The answer to an ask this entity made, delivered back to it; never leaves the node. */
  private record Resume(Resumption<Event, VisitState> then) implements Command {}

  // ---- events

  public sealed interface Event extends JsonSerializable {}

  public record VisitOpened(IntakeDetails intake, Instant at) implements Event {}

  public record VisitRejected(IntakeDetails intake, RefusalReason reason, String detail, Instant at) implements Event {}

  public record VisitAssigned(String providerId, Instant at) implements Event {}

  public record VisitUnassigned(String providerId, Instant at) implements Event {}

  public record VisitStarted(String providerId, Instant at) implements Event {}

  public record VisitCompleted(String providerId, Instant at) implements Event {}

  public record VisitNoShow(String providerId, Instant at) implements Event {}

  public record VisitCancelled(String by, String reason, Instant at) implements Event {}

  public record VisitTransferred(UsState from, UsState to, String by, Instant at) implements Event {}

  public record MessagePosted(long number, String senderId, Role senderRole, String text, Instant at) implements Event {}

  public record MessagesRead(long upTo, String by, Instant at) implements Event {}

  // ---- behavior

  /** Visit events are tagged over a few slices so the read side can project them in parallel. */
  public static final Tags TAGS = new Tags("visit", 4);

  public static Behavior<Command> create(EntityId id, Entities entities, Clock clock, LiveFeed live) {
    return Behaviors.setup(context -> new Visit(id, entities, clock, live, context));
  }

  private final EntityId id;
  private final Entities entities;
  private final Clock clock;
  private final LiveFeed live;
  private final VisitChat chat;
  private final VisitLifecycle lifecycle;

  private Visit(EntityId id, Entities entities, Clock clock, LiveFeed live, ActorContext<Command> context) {
    super(PersistenceId.of(ENTITY_TYPE.name(), id.toString()), context, Resume::new,
        c -> c instanceof Resume r ? Optional.of(r.then()) : Optional.empty());
    this.id = id;
    this.entities = entities;
    this.clock = clock;
    this.live = live;
    this.chat = new VisitChat(Effect(), this::persisted, clock);
    this.lifecycle = new VisitLifecycle(this, Effect(), clock, context.getSystem());
  }

  /** Persists and then publishes the visit as it now is to live subscribers. */
  EffectBuilder<Event, VisitState> persisted(Event event) {
    return persisted(List.of(event));
  }

  private EffectBuilder<Event, VisitState> persisted(List<Event> events) {
    return Effect().persist(events).thenRun(after ->
        live.publish(new LiveEvent.VisitChanged(id.tenant(), lastSequenceNumber(context), (VisitRecord) after, clock.instant())));
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(TAGS.tagFor(id.key()));
  }

  @Override
  public VisitState emptyState() {
    return new Unopened();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(50, 2);
  }

  @Override
  protected CommandHandlerWithReply<Command, Event, VisitState> handler() {
    CommandHandlerWithReplyBuilder<Command, Event, VisitState> builder = newCommandHandlerWithReplyBuilder();
    // Lifecycle commands need a visit; before it opens there is none to change.
    builder.forStateType(Unopened.class)
        .onCommand(Start.class, c -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Complete.class, c -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(MarkNoShow.class, c -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Unassign.class, c -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Cancel.class, c -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Transfer.class, c -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Get.class, c -> Effect().reply(c.replyTo(), notFound()));
    builder.forStateType(VisitRecord.class)
        .onCommand(Start.class, lifecycle::onStart)
        .onCommand(Complete.class, lifecycle::onComplete)
        .onCommand(MarkNoShow.class, lifecycle::onNoShow)
        .onCommand(Unassign.class, lifecycle::onUnassign)
        .onCommand(Cancel.class, lifecycle::onCancel)
        .onCommand(Transfer.class, lifecycle::onTransfer)
        .onCommand(Get.class, (record, c) -> Effect().reply(c.replyTo(), StatusReply.success(record)));
    builder.forAnyState()
        .onCommand(Open.class, this::onOpen)
        .onCommand(Assign.class, this::onAssign)
        .onCommand(PostMessage.class, chat::onPost)
        .onCommand(GetMessages.class, chat::onGetMessages)
        .onCommand(MarkMessagesRead.class, chat::onMarkRead);
    return builder.build();
  }

  // ---- intake

  private ReplyEffect<Event, VisitState> onOpen(VisitState state, Open c) {
    if (state instanceof VisitRecord record) {
      return Effect().reply(c.replyTo(), StatusReply.success(record));
    }
    IntakeDetails intake = c.intake();
    return ask(
        Asks.<StateQueue.Command, StateQueue.AdmitReply>ask(
            queue(intake.state()), replyTo -> new StateQueue.Admit(intake, false, replyTo), context.getSystem().scheduler()),
        (s, reply, failure) -> {
          if (failure != null) {
            return Effect().reply(c.replyTo(), unavailable(failure));
          }
          Instant now = now();
          if (reply instanceof StateQueue.Refused refused) {
            return persisted(new VisitRejected(intake, refused.reason(), refused.detail(), now))
                .thenReply(c.replyTo(), Visit::success)
                ;
          }
          List<Event> events =
              reply instanceof StateQueue.AlreadyClaimed claimed
                  ? List.of(new VisitOpened(intake, now), new VisitAssigned(claimed.providerId(), now))
                  : List.of(new VisitOpened(intake, now));
          return persisted(events).thenReply(c.replyTo(), Visit::success);
        });
  }

  // ---- dispatch and lifecycle

  private ReplyEffect<Event, VisitState> onAssign(VisitState state, Assign c) {
    Instant now = now();
    if (!(state instanceof VisitRecord record)) {
      return persisted(List.of(new VisitOpened(c.intake(), now), new VisitAssigned(c.providerId(), now)))
          .thenReply(c.replyTo(), Visit::success);
    }
    if (record.status() == VisitStatus.WAITING && record.state() == c.fromState()) {
      return persisted(new VisitAssigned(c.providerId(), now)).thenReply(c.replyTo(), Visit::success);
    }
    if (record.status() == VisitStatus.ASSIGNED && record.assignedTo(c.providerId())) {
      return Effect().reply(c.replyTo(), StatusReply.success(record));
    }
    return Effect().reply(c.replyTo(), Refusal.reply(Refusal.Kind.CONFLICT, "visit is " + describe(record)));
  }

  RecipientRef<StateQueue.Command> queue(UsState state) {
    return entities.queue(id.tenant(), state);
  }

  static String describe(VisitRecord record) {
    return record.status().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static StatusReply<VisitRecord> success(VisitState state) {
    return StatusReply.success((VisitRecord) state);
  }

  static <T> StatusReply<T> notFound() {
    return Refusal.reply(Refusal.Kind.NOT_FOUND, NO_SUCH_VISIT);
  }

  static StatusReply<VisitRecord> unavailable(Throwable failure) {
    return Refusal.in(failure)
        .<StatusReply<VisitRecord>>map(Refusal::reply)
        .orElseGet(() -> Refusal.reply(Refusal.Kind.UNAVAILABLE, "the queue did not answer in time; retry"));
  }

  // ---- events

  @Override
  public EventHandler<VisitState, Event> eventHandler() {
    return (state, event) -> {
      long version = state instanceof VisitRecord record ? record.version() : 0;
      return apply(state, event).next(version);
    };
  }

  private static VisitRecord apply(VisitState state, Event event) {
    if (event instanceof VisitOpened e) {
      return VisitRecord.waiting(e.intake());
    }
    if (event instanceof VisitRejected e) {
      return VisitRecord.rejected(e.intake(), e.reason(), e.detail(), e.at());
    }
    VisitRecord record = (VisitRecord) state;
    if (event instanceof VisitAssigned e) {
      return record.assigned(e.providerId(), e.at());
    }
    if (event instanceof VisitUnassigned) {
      return record.unassigned();
    }
    if (event instanceof VisitStarted e) {
      return record.started(e.at());
    }
    if (event instanceof VisitCompleted e) {
      return record.ended(VisitStatus.COMPLETED, e.providerId(), "", e.at());
    }
    if (event instanceof VisitNoShow e) {
      return record.ended(VisitStatus.NO_SHOW, e.providerId(), "", e.at());
    }
    if (event instanceof VisitCancelled e) {
      return record.ended(VisitStatus.CANCELLED, e.by(), e.reason(), e.at());
    }
    if (event instanceof VisitTransferred e) {
      return record.transferred(e.to(), e.by(), e.at());
    }
    if (event instanceof MessagePosted e) {
      return record.withChat(record.chat().with(new Chat.ChatMessage(e.number(), e.senderId(), e.senderRole(), e.text(), e.at())));
    }
    if (event instanceof MessagesRead e) {
      return record.withChat(record.chat().readUpTo(e.upTo()));
    }
    throw new IllegalStateException("unhandled event " + event);
  }

  private Instant now() {
    return clock.instant();
  }

  /** Asks for the lifecycle commands, which {@link VisitLifecycle} handles for this entity. */
  <T> ReplyEffect<Event, VisitState> askThen(CompletionStage<T> reply, Continuation<Event, VisitState, T> then) {
    return ask(reply, then);
  }
}
