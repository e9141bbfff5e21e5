package org.surgecare.core.care.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.surgecare.core.common.EntityId;
import org.surgecare.core.common.JsonSerializable;
import org.surgecare.core.common.Tags;
import org.surgecare.core.care.live.LiveEvent;
import org.surgecare.core.care.live.LiveFeed;
import org.surgecare.core.care.queue.QueueState.Busy;
import org.surgecare.core.care.queue.QueueState.ClaimedVisit;
import org.surgecare.core.care.queue.QueueState.ProviderPresence;
import org.surgecare.core.care.rules.ManualOverride;
import org.surgecare.core.care.rules.QueueSettings;
import org.surgecare.core.care.rules.RefusalReason;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.visit.IntakeDetails;

/**
 * One queue per tenant and US state: the single writer of who waits in which order, of admission (hours, cap,
 * busy throttle, end of shift) and of atomic claims by providers. The visit record itself belongs to the visit
 * entity; the queue keeps the intake details it needs to show and order the waiting patients.
 */
public final class StateQueue
    extends EventSourcedBehaviorWithEnforcedReplies<StateQueue.Command, StateQueue.Event, QueueState> {

  public static final EntityTypeKey<Command> ENTITY_TYPE = EntityTypeKey.create(Command.class, "StateQueue");

  /** Queue events are tagged over a few slices so the read side can project them in parallel. */
  public static final Tags TAGS = new Tags("queue", 4);

  public static EntityId entityId(String tenant, UsState state) {
    return new EntityId(tenant, state.name());
  }

  // ---- commands and replies

  public sealed interface Command extends JsonSerializable {}

  /** Admit a visit (idempotent per visit id). A transfer keeps the original request time and skips throttling. */
  public record Admit(IntakeDetails visit, boolean transfer, ActorRef<AdmitReply> replyTo) implements Command {}

  public sealed interface AdmitReply extends JsonSerializable {}

  public record Admitted(int position, Optional<Duration> estimatedWait) implements AdmitReply {}

  public record Refused(RefusalReason reason, String detail, Optional<Instant> nextOpening) implements AdmitReply {}

  /** The visit was admitted earlier and a provider already took it. */
  public record AlreadyClaimed(String providerId) implements AdmitReply {}

  /** Decide and write the admissions that arrived since the last batch; sent to itself, never over the network. */
  private record AdmitPending() implements Command {}

  /** Where a visit stands in this queue. */
  public record GetPlace(String visitId, ActorRef<Place> replyTo) implements Command {}

  public record Place(Optional<Integer> position, Optional<Duration> estimatedWait, Optional<String> claimedBy)
      implements JsonSerializable {}

  public record GetAvailability(ActorRef<Availability> replyTo) implements Command {}

  /** What a prospective patient and the caregivers see about the queue right now. */
  public record Availability(
      UsState state,
      boolean open,
      boolean busy,
      String busyMessage,
      boolean accepting,
      Optional<RefusalReason> refusal,
      Optional<Duration> estimatedWait,
      Optional<Instant> closesAt,
      Optional<Instant> nextOpening,
      int waiting,
      double providersAvailable)
      implements JsonSerializable {}

  /** The full queue for caregivers: settings, waiting visits in order with estimates, claimed visits. */
  public record GetQueue(ActorRef<QueueView> replyTo) implements Command {}

  /**
   * The queue as it is now, in the shape every write publishes (availability, each waiting visit's place, the
   * sequence number), for a node that serves patient reads from the latest published state.
   */
  public record GetSnapshot(ActorRef<LiveEvent.QueueChanged> replyTo) implements Command {}

  public record WaitingVisit(IntakeDetails visit, int position, Optional<Duration> estimatedWait)
      implements JsonSerializable {}

  /** {@code seq}: the queue's sequence number when it answered, so a reader can tell older published states. */
  public record QueueView(
      Availability availability,
      QueueSettings settings,
      Optional<Busy> busy,
      List<WaitingVisit> waiting,
      List<ClaimedVisit> claimed,
      long seq)
      implements JsonSerializable {}

  /**
   * What a provider may take from this queue: the visit they already hold here (a claim whose reply may have been
   * lost), or else the head of the queue.
   */
  public record PeekFor(String providerId, ActorRef<Peek> replyTo) implements Command {}

  public record Peek(Optional<IntakeDetails> held, Optional<IntakeDetails> head) implements JsonSerializable {}

  /**
   * Atomically take a waiting visit for a provider; answers the claimed visit. A visit no longer waiting is not
   * claimable: refused as a conflict (unless this provider already holds it).
   */
  public record Claim(String visitId, String providerId, ActorRef<StatusReply<IntakeDetails>> replyTo) implements Command {}

  /** Why a visit leaves the queue for good. */
  public enum Outcome {
    STARTED,
    CANCELLED,
    NO_SHOW,
    TRANSFERRED,
    /** The visit record refused the claim (it had moved on): the queue entry was stale. */
    VOIDED
  }

  /** The visit leaves the queue (idempotent). */
  public record Release(String visitId, Outcome outcome, ActorRef<Done> replyTo) implements Command {}

  /** A provider gives a claimed visit back; it returns to its original place. */
  public record Return(String visitId, String providerId, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** A finished visit's length, for the wait estimate. */
  public record RecordVisitLength(String visitId, Duration length, ActorRef<Done> replyTo) implements Command {}

  public record SetBusy(String message, String by, ActorRef<Done> replyTo) implements Command {}

  public record ClearBusy(String by, ActorRef<Done> replyTo) implements Command {}

  public record ChangeSettings(QueueSettings settings, String by, ActorRef<Done> replyTo) implements Command {}

  public record SetOverride(ManualOverride override, String by, ActorRef<Done> replyTo) implements Command {}

  /** A caregiver's presence for this state's estimate; statesServed 0 removes them. */
  public record AnnounceProvider(
      String caregiverId, int statesServed, boolean available, Instant practiceUntil, ActorRef<Done> replyTo)
      implements Command {}

  // ---- events

  public sealed interface Event extends JsonSerializable {}

  public record VisitQueued(IntakeDetails visit, Instant at) implements Event {}

  public record VisitClaimed(String visitId, String providerId, Instant at) implements Event {}

  public record VisitReturned(String visitId, String providerId, Instant at) implements Event {}

  public record VisitReleased(String visitId, Outcome outcome, Instant at) implements Event {}

  public record VisitLengthRecorded(String visitId, Duration length, Instant at) implements Event {}

  public record BusySet(String message, String by, Instant at) implements Event {}

  public record BusyCleared(String by, Instant at) implements Event {}

  public record SettingsChanged(QueueSettings settings, String by, Instant at) implements Event {}

  public record OverrideSet(ManualOverride override, String by, Instant at) implements Event {}

  public record ProviderAnnounced(
      String caregiverId, int statesServed, boolean available, Instant practiceUntil, Instant at) implements Event {}

  // ---- behavior

  public static Behavior<Command> create(EntityId id, Clock clock, LiveFeed live) {
    return Behaviors.setup(context -> new StateQueue(id, clock, live, context));
  }

  private final String tenant;
  private final UsState state;
  private final Clock clock;
  private final LiveFeed live;
  private final ActorContext<Command> context;
  private final AdmissionBatch admissions;
  private final QueueClaims claims;

  private StateQueue(EntityId id, Clock clock, LiveFeed live, ActorContext<Command> context) {
    super(PersistenceId.of(ENTITY_TYPE.name(), id.toString()));
    this.tenant = id.tenant();
    this.state = UsState.valueOf(id.key());
    this.clock = clock;
    this.live = live;
    this.context = context;
    this.admissions = new AdmissionBatch(state);
    this.claims = new QueueClaims(Effect(), this::persisted, clock);
  }

  /** Persists and then publishes the queue as it now is to live subscribers. */
  private EffectBuilder<Event, QueueState> persisted(Event event) {
    return Effect().persist(event).thenRun(this::publish);
  }

  private void publish(QueueState after) {
    live.publish(snapshot(after));
  }

  private LiveEvent.QueueChanged snapshot(QueueState s) {
    return QueueViews.snapshot(tenant, s, lastSequenceNumber(context), now());
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(TAGS.tagFor(tenant + state));
  }

  @Override
  public QueueState emptyState() {
    return QueueState.initial(state);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // Snapshots keep recovery short; events are never deleted (they are the audit trail).
    return RetentionCriteria.snapshotEvery(200, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, QueueState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Admit.class, this::onAdmit)
        .onCommand(AdmitPending.class, (s, c) -> onAdmitPending(s))
        .onCommand(GetPlace.class, (s, c) -> Effect().reply(c.replyTo(), QueueViews.place(s, c.visitId(), now())))
        .onCommand(GetAvailability.class, (s, c) -> Effect().reply(c.replyTo(), QueueViews.availability(s, now())))
        .onCommand(GetQueue.class, (s, c) ->
            Effect().reply(c.replyTo(), QueueViews.view(s, lastSequenceNumber(context), now())))
        .onCommand(GetSnapshot.class, (s, c) -> Effect().reply(c.replyTo(), snapshot(s)))
        .onCommand(PeekFor.class, (s, c) ->
            Effect().reply(c.replyTo(), new Peek(s.heldBy(c.providerId()).map(ClaimedVisit::visit), s.head())))
        .onCommand(Claim.class, claims::onClaim)
        .onCommand(Release.class, claims::onRelease)
        .onCommand(Return.class, claims::onReturn)
        .onCommand(RecordVisitLength.class, (s, c) ->
            persisted(new VisitLengthRecorded(c.visitId(), c.length(), now())).thenReply(c.replyTo(), x -> Done.getInstance()))
        .onCommand(SetBusy.class, (s, c) ->
            persisted(new BusySet(c.message(), c.by(), now())).thenReply(c.replyTo(), x -> Done.getInstance()))
        .onCommand(ClearBusy.class, this::onClearBusy)
        .onCommand(ChangeSettings.class, (s, c) ->
            persisted(new SettingsChanged(c.settings(), c.by(), now())).thenReply(c.replyTo(), x -> Done.getInstance()))
        .onCommand(SetOverride.class, this::onSetOverride)
        .onCommand(AnnounceProvider.class, this::onAnnounceProvider)
        .build();
  }

  private ReplyEffect<Event, QueueState> onAdmit(QueueState s, Admit c) {
    if (admissions.add(c)) {
      context.getSelf().tell(new AdmitPending());
    }
    return Effect().noReply();
  }

  private ReplyEffect<Event, QueueState> onAdmitPending(QueueState s) {
    AdmissionBatch.Decided decided = admissions.decide(s, now());
    if (decided.events().isEmpty()) {
      decided.queued().forEach(c -> c.replyTo().tell(admitted(s, c.visit().visitId())));
      return Effect().noReply();
    }
    return Effect()
        .persist(decided.events())
        .thenRun(this::publish)
        .thenRun(after -> decided.queued().forEach(c -> c.replyTo().tell(admitted(after, c.visit().visitId()))))
        .thenNoReply();
  }

  private Admitted admitted(QueueState s, String visitId) {
    int position = s.positionOf(visitId).orElseThrow();
    return new Admitted(position, s.estimate(position - 1, now()));
  }

  private ReplyEffect<Event, QueueState> onClearBusy(QueueState s, ClearBusy c) {
    if (s.busy().isEmpty()) {
      return Effect().reply(c.replyTo(), Done.getInstance());
    }
    return persisted(new BusyCleared(c.by(), now())).thenReply(c.replyTo(), x -> Done.getInstance());
  }

  private ReplyEffect<Event, QueueState> onSetOverride(QueueState s, SetOverride c) {
    if (s.settings().hours().override() == c.override()) {
      return Effect().reply(c.replyTo(), Done.getInstance());
    }
    return persisted(new OverrideSet(c.override(), c.by(), now())).thenReply(c.replyTo(), x -> Done.getInstance());
  }

  private ReplyEffect<Event, QueueState> onAnnounceProvider(QueueState s, AnnounceProvider c) {
    ProviderPresence known = s.providers().get(c.caregiverId());
    ProviderPresence announced =
        new ProviderPresence(c.caregiverId(), c.statesServed(), c.available(), c.practiceUntil());
    boolean unchanged = announced.equals(known) || (known == null && c.statesServed() <= 0);
    if (unchanged) {
      return Effect().reply(c.replyTo(), Done.getInstance());
    }
    return persisted(new ProviderAnnounced(c.caregiverId(), c.statesServed(), c.available(), c.practiceUntil(), now()))
        .thenReply(c.replyTo(), x -> Done.getInstance());
  }

  @Override
  public EventHandler<QueueState, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(VisitQueued.class, (s, e) -> s.withQueued(e.visit(), e.at()))
        .onEvent(VisitClaimed.class, (s, e) -> s.withClaimed(e.visitId(), e.providerId(), e.at()))
        .onEvent(VisitReturned.class, (s, e) -> s.withReturned(e.visitId()))
        .onEvent(VisitReleased.class, (s, e) -> s.withReleased(e.visitId(), e.outcome()))
        .onEvent(VisitLengthRecorded.class, (s, e) -> s.withVisitLength(e.length()))
        .onEvent(BusySet.class, (s, e) ->
            s.withBusy(Optional.of(new Busy(e.message(), e.by(), s.busy().map(Busy::since).orElse(e.at())))))
        .onEvent(BusyCleared.class, (s, e) -> s.withBusy(Optional.empty()))
        // The manual override belongs to open/close, not to the settings document.
        .onEvent(SettingsChanged.class, (s, e) ->
            s.withSettings(e.settings().withHours(e.settings().hours().withOverride(s.settings().hours().override()))))
        .onEvent(OverrideSet.class, (s, e) -> s.withOverride(e.override()))
        .onEvent(ProviderAnnounced.class, (s, e) ->
            s.withProvider(new ProviderPresence(e.caregiverId(), e.statesServed(), e.available(), e.practiceUntil())))
        .build();
  }

  private Instant now() {
    return clock.instant();
  }
}
