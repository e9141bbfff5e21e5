package org.surgecare.core.care.visit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
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
import org.surgecare.core.care.rules.ChatLimits;
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
  public record PostMessage(String senderId, Role senderRole, String text, ActorRef<StatusReply<PostResult>> replyTo)
      implements ChatCommand {}

  public sealed interface PostResult extends JsonSerializable {}

  public record Posted(Chat.ChatMessage message) implements PostResult {}

  /** The sender posts too often; the next message fits after {@code retryAfter}. Nothing was recorded. */
  public record Throttled(Duration retryAfter) implements PostResult {}

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

  private Visit(EntityId id, Entities entities, Clock clock, LiveFeed live, ActorContext<Command> context) {
    super(PersistenceId.of(ENTITY_TYPE.name(), id.toString()), context, Resume::new,
        c -> c instanceof Resume r ? Optional.of(r.then()) : Optional.empty());
    this.id = id;
    this.entities = entities;
    this.clock = clock;
    this.live = live;
  }

  /** Persists and then publishes the visit as it now is to live subscribers. */
  private EffectBuilder<Event, VisitState> persisted(Event event) {
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
  protected ReplyEffect<Event, VisitState> handle(VisitState state, Command command) {
    if (command instanceof Open c) {
      return onOpen(state, c);
    }
    if (command instanceof Assign c) {
      return onAssign(state, c);
    }
    if (command instanceof Get c) {
      return state instanceof VisitRecord record
          ? Effect().reply(c.replyTo(), StatusReply.success(record))
          : Effect().reply(c.replyTo(), notFound());
    }
    if (command instanceof ChatCommand c) {
      return onChat(state, c);
    }
    if (!(state instanceof VisitRecord record)) {
      return Effect().reply(replyToOf(command), notFound());
    }
    if (command instanceof Start c) {
      return onStart(record, c);
    }
    if (command instanceof Complete c) {
      return onComplete(record, c);
    }
    if (command instanceof MarkNoShow c) {
      return onNoShow(record, c);
    }
    if (command instanceof Unassign c) {
      return onUnassign(record, c);
    }
    if (command instanceof Cancel c) {
      return onCancel(record, c);
    }
    if (command instanceof Transfer c) {
      return onTransfer(record, c);
    }
    throw new IllegalStateException("unhandled command " + command);
  }

  private static ActorRef<StatusReply<VisitRecord>> replyToOf(Command command) {
    if (command instanceof Start c) return c.replyTo();
    if (command instanceof Complete c) return c.replyTo();
    if (command instanceof MarkNoShow c) return c.replyTo();
    if (command instanceof Unassign c) return c.replyTo();
    if (command instanceof Cancel c) return c.replyTo();
    if (command instanceof Transfer c) return c.replyTo();
    throw new IllegalStateException("no reply address in " + command);
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
            return Effect().reply(c.replyTo(), unavailable(failure)).thenUnstashAll();
          }
          Instant now = now();
          if (reply instanceof StateQueue.Refused refused) {
            return persisted(new VisitRejected(intake, refused.reason(), refused.detail(), now))
                .thenReply(c.replyTo(), Visit::success)
                .thenUnstashAll();
          }
          List<Event> events =
              reply instanceof StateQueue.AlreadyClaimed claimed
                  ? List.of(new VisitOpened(intake, now), new VisitAssigned(claimed.providerId(), now))
                  : List.of(new VisitOpened(intake, now));
          return persisted(events).thenReply(c.replyTo(), Visit::success).thenUnstashAll();
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

  private ReplyEffect<Event, VisitState> onStart(VisitRecord record, Start c) {
    if (record.status() == VisitStatus.IN_PROGRESS && record.assignedTo(c.providerId())) {
      return Effect().reply(c.replyTo(), StatusReply.success(record));
    }
    ReplyEffect<Event, VisitState> refusal = requireAssignedTo(record, c.providerId(), c.replyTo());
    if (refusal != null) {
      return refusal;
    }
    return releaseThenPersist(record, StateQueue.Outcome.STARTED, new VisitStarted(c.providerId(), now()), c.replyTo());
  }

  private ReplyEffect<Event, VisitState> onComplete(VisitRecord record, Complete c) {
    if (record.status() == VisitStatus.COMPLETED && record.assignedTo(c.providerId())) {
      return Effect().reply(c.replyTo(), StatusReply.success(record));
    }
    if (record.status() != VisitStatus.IN_PROGRESS) {
      return Effect().reply(c.replyTo(), Refusal.reply(Refusal.Kind.CONFLICT, "only a visit in progress can be completed; it is " + describe(record)));
    }
    if (!record.assignedTo(c.providerId())) {
      return Effect().reply(c.replyTo(), Refusal.reply(Refusal.Kind.FORBIDDEN, "the visit is another provider's"));
    }
    Instant now = now();
    Duration length = Duration.between(record.startedAt().orElse(now), now);
    return persisted(new VisitCompleted(c.providerId(), now))
        .thenRun(after -> queue(record.state()).tell(
            new StateQueue.RecordVisitLength(record.visitId(), length, context.getSystem().ignoreRef())))
        .thenReply(c.replyTo(), Visit::success);
  }

  private ReplyEffect<Event, VisitState> onNoShow(VisitRecord record, MarkNoShow c) {
    if (record.status() == VisitStatus.NO_SHOW) {
      return Effect().reply(c.replyTo(), StatusReply.success(record));
    }
    boolean noShowable = record.status() == VisitStatus.ASSIGNED || record.status() == VisitStatus.IN_PROGRESS;
    if (!noShowable) {
      return Effect().reply(c.replyTo(), Refusal.reply(Refusal.Kind.CONFLICT, "only an assigned visit can be a no-show; it is " + describe(record)));
    }
    if (!record.assignedTo(c.providerId())) {
      return Effect().reply(c.replyTo(), Refusal.reply(Refusal.Kind.FORBIDDEN, "the visit is another provider's"));
    }
    return releaseThenPersist(record, StateQueue.Outcome.NO_SHOW, new VisitNoShow(c.providerId(), now()), c.replyTo());
  }

  private ReplyEffect<Event, VisitState> onUnassign(VisitRecord record, Unassign c) {
    if (record.status() == VisitStatus.WAITING) {
      return Effect().reply(c.replyTo(), StatusReply.success(record));
    }
    ReplyEffect<Event, VisitState> refusal = requireAssignedTo(record, c.providerId(), c.replyTo());
    if (refusal != null) {
      return refusal;
    }
    return ask(
        Asks.<StateQueue.Command, Done>askWithStatus(
            queue(record.state()),
            replyTo -> new StateQueue.Return(record.visitId(), c.providerId(), replyTo),
            context.getSystem().scheduler()),
        (s, done, failure) -> failure != null
            ? Effect().reply(c.replyTo(), unavailable(failure)).thenUnstashAll()
            : persisted(new VisitUnassigned(c.providerId(), now()))
                .thenReply(c.replyTo(), Visit::success)
                .thenUnstashAll());
  }

  private ReplyEffect<Event, VisitState> onCancel(VisitRecord record, Cancel c) {
    if (record.status() == VisitStatus.CANCELLED) {
      return Effect().reply(c.replyTo(), StatusReply.success(record));
    }
    if (!record.status().queued()) {
      return Effect().reply(c.replyTo(), Refusal.reply(Refusal.Kind.CONFLICT, "only a waiting or assigned visit can be cancelled; it is " + describe(record)));
    }
    return releaseThenPersist(record, StateQueue.Outcome.CANCELLED, new VisitCancelled(c.by(), c.reason(), now()), c.replyTo());
  }

  private ReplyEffect<Event, VisitState> onTransfer(VisitRecord record, Transfer c) {
    if (record.status() != VisitStatus.WAITING) {
      return Effect().reply(c.replyTo(), Refusal.reply(Refusal.Kind.CONFLICT, "only a waiting visit can be transferred; it is " + describe(record)));
    }
    if (record.state() == c.to()) {
      return Effect().reply(c.replyTo(), StatusReply.success(record));
    }
    IntakeDetails moved = record.intake().transferredTo(c.to());
    return ask(
        Asks.<StateQueue.Command, StateQueue.AdmitReply>ask(
            queue(c.to()), replyTo -> new StateQueue.Admit(moved, true, replyTo), context.getSystem().scheduler()),
        (s, reply, failure) -> {
          if (failure != null) {
            return Effect().reply(c.replyTo(), unavailable(failure)).thenUnstashAll();
          }
          if (reply instanceof StateQueue.Refused refused) {
            return Effect()
                .reply(c.replyTo(), Refusal.<VisitRecord>reply(Refusal.Kind.CONFLICT, "the " + c.to() + " queue refused the transfer: " + refused.reason().slug() + " (" + refused.detail() + ")"))
                .thenUnstashAll();
          }
          return releaseThenPersist(record, StateQueue.Outcome.TRANSFERRED, new VisitTransferred(record.state(), c.to(), c.by(), now()), c.replyTo());
        });
  }

  /** Takes the visit out of its queue, then records the event that says why. */
  private ReplyEffect<Event, VisitState> releaseThenPersist(
      VisitRecord record, StateQueue.Outcome outcome, Event event, ActorRef<StatusReply<VisitRecord>> replyTo) {
    return ask(
        Asks.<StateQueue.Command, Done>ask(
            queue(record.state()),
            ref -> new StateQueue.Release(record.visitId(), outcome, ref),
            context.getSystem().scheduler()),
        (s, done, failure) -> failure != null
            ? Effect().reply(replyTo, unavailable(failure)).thenUnstashAll()
            : persisted(event).thenReply(replyTo, Visit::success).thenUnstashAll());
  }

  private ReplyEffect<Event, VisitState> requireAssignedTo(
      VisitRecord record, String providerId, ActorRef<StatusReply<VisitRecord>> replyTo) {
    if (record.status() != VisitStatus.ASSIGNED) {
      return Effect().reply(replyTo, Refusal.reply(Refusal.Kind.CONFLICT, "the visit is " + describe(record) + ", not assigned"));
    }
    if (!record.assignedTo(providerId)) {
      return Effect().reply(replyTo, Refusal.reply(Refusal.Kind.FORBIDDEN, "the visit is assigned to another provider"));
    }
    return null;
  }

  private RecipientRef<StateQueue.Command> queue(UsState state) {
    return entities.queue(id.tenant(), state);
  }

  private static String describe(VisitRecord record) {
    return record.status().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static StatusReply<VisitRecord> success(VisitState state) {
    return StatusReply.success((VisitRecord) state);
  }

  private static <T> StatusReply<T> notFound() {
    return Refusal.reply(Refusal.Kind.NOT_FOUND, NO_SUCH_VISIT);
  }

  private static StatusReply<VisitRecord> unavailable(Throwable failure) {
    return Refusal.of(failure)
        .<StatusReply<VisitRecord>>map(r -> Refusal.reply(r.kind(), r.message()))
        .orElseGet(() -> Refusal.reply(Refusal.Kind.UNAVAILABLE, "the queue did not answer in time; retry"));
  }

  // ---- chat

  private ReplyEffect<Event, VisitState> onChat(VisitState state, ChatCommand command) {
    if (command instanceof PostMessage c) {
      return state instanceof VisitRecord record && record.visibleTo(c.senderId(), c.senderRole())
          ? onPost(record, c)
          : Effect().reply(c.replyTo(), unseen(state));
    }
    if (command instanceof GetMessages c) {
      return state instanceof VisitRecord record && record.visibleTo(c.readerId(), c.readerRole())
          ? Effect().reply(c.replyTo(), StatusReply.success(record.chat().after(c.after(), c.limit())))
          : Effect().reply(c.replyTo(), unseen(state));
    }
    MarkMessagesRead c = (MarkMessagesRead) command;
    if (!(state instanceof VisitRecord record && record.visibleTo(c.readerId(), c.readerRole()))) {
      return Effect().reply(c.replyTo(), unseen(state));
    }
    if (!c.readerRole().caregiver()) {
      return Effect().reply(c.replyTo(), Refusal.reply(Refusal.Kind.FORBIDDEN, "only staff keep the read marker"));
    }
    long upTo = Math.min(c.upTo(), record.chat().lastNumber());
    if (upTo <= record.chat().staffReadUpTo()) {
      return Effect().reply(c.replyTo(), StatusReply.success(record.chat().summary()));
    }
    return persisted(new MessagesRead(upTo, c.readerId(), now()))
        .thenReply(c.replyTo(), after -> StatusReply.success(((VisitRecord) after).chat().summary()));
  }

  /** No such visit, or one the caller does not take part in: both look the same to them. */
  private static <T> StatusReply<T> unseen(VisitState state) {
    return state instanceof VisitRecord
        ? Refusal.reply(Refusal.Kind.HIDDEN, NO_SUCH_VISIT)
        : notFound();
  }

  private ReplyEffect<Event, VisitState> onPost(VisitRecord record, PostMessage c) {
    if (!record.status().active()) {
      return Effect().reply(c.replyTo(), Refusal.reply(Refusal.Kind.CONFLICT, "the visit is " + describe(record) + "; its chat is closed"));
    }
    Chat chat = record.chat();
    Instant now = now();
    ChatLimits.Verdict verdict = ChatLimits.DEFAULT.check(c.text(), chat.postsBy(c.senderId()), chat.messages().size(), now);
    if (verdict instanceof ChatLimits.Invalid invalid) {
      return Effect().reply(c.replyTo(), Refusal.reply(Refusal.Kind.INVALID, invalid.detail()));
    }
    if (verdict instanceof ChatLimits.Full full) {
      return Effect().reply(c.replyTo(), Refusal.reply(Refusal.Kind.CONFLICT, "the visit's chat holds its most messages (" + full.maxMessages() + ")"));
    }
    if (verdict instanceof ChatLimits.Throttled throttled) {
      return Effect().reply(c.replyTo(), StatusReply.success(new Throttled(throttled.retryAfter())));
    }
    return persisted(new MessagePosted(chat.lastNumber() + 1, c.senderId(), c.senderRole(), c.text(), now))
        .thenReply(c.replyTo(), after -> StatusReply.success(new Posted(lastMessage((VisitRecord) after))));
  }

  private static Chat.ChatMessage lastMessage(VisitRecord record) {
    List<Chat.ChatMessage> messages = record.chat().messages();
    return messages.get(messages.size() - 1);
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
}
