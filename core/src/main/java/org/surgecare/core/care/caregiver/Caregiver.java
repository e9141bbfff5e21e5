package org.surgecare.core.care.caregiver;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.surgecare.core.care.Entities;
import org.surgecare.core.common.EntityId;
import org.surgecare.core.common.JsonSerializable;
import org.surgecare.core.common.entity.Refusal;
import org.surgecare.core.common.Role;
import org.surgecare.core.care.caregiver.CaregiverState.NotInvited;
import org.surgecare.core.care.caregiver.CaregiverState.Profile;
import org.surgecare.core.care.rules.License;
import org.surgecare.core.care.rules.LicenseStatus;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.queue.StateQueue;

/**
 * One caregiver: profile, roles, state licenses and availability. After every change that affects where a
 * provider can practise, it tells the queues of those states, whose wait estimates count providers.
 */
public final class Caregiver
    extends EventSourcedBehaviorWithEnforcedReplies<Caregiver.Command, Caregiver.Event, CaregiverState> {

  public static final EntityTypeKey<Command> ENTITY_TYPE = EntityTypeKey.create(Command.class, "Caregiver");

  /** Every caregiver event carries this tag: the roster projection reads them in order. */
  public static final String TAG = "caregiver";

  // ---- commands

  public sealed interface Command extends JsonSerializable {}

  /** Invite a caregiver; inviting again with the same details replies the profile, with other details refuses. */
  public record Invite(String displayName, String email, Set<Role> roles, String by, ActorRef<StatusReply<Profile>> replyTo)
      implements Command {}

  /** Record a license; it counts only once verified. Recording a state again replaces its license, unverified. */
  public record AddLicense(UsState state, String number, LocalDate expires, String by, ActorRef<StatusReply<Profile>> replyTo)
      implements Command {}

  /** Credentialing staff verify (or reject) the license recorded for a state. */
  public record ReviewLicense(UsState state, boolean verified, String by, ActorRef<StatusReply<Profile>> replyTo)
      implements Command {}

  /** The caregiver completes or updates their own profile; the first time makes them active. */
  public record UpdateProfile(String displayName, String phone, String by, ActorRef<StatusReply<Profile>> replyTo)
      implements Command {}

  public record SetAvailability(Availability availability, String by, ActorRef<StatusReply<Profile>> replyTo)
      implements Command {}

  public record Get(ActorRef<StatusReply<Profile>> replyTo) implements Command {}

  // ---- events

  public sealed interface Event extends JsonSerializable {}

  public record CaregiverInvited(String displayName, String email, Set<Role> roles, String by, Instant at) implements Event {}

  public record LicenseAdded(License license, String by, Instant at) implements Event {}

  public record LicenseReviewed(UsState state, LicenseStatus status, String by, Instant at) implements Event {}

  public record ProfileUpdated(String displayName, String phone, String by, Instant at) implements Event {}

  public record AvailabilityChanged(Availability availability, String by, Instant at) implements Event {}

  // ---- behavior

  public static Behavior<Command> create(EntityId id, Entities entities, Clock clock) {
    return Behaviors.setup(context -> new Caregiver(id, entities, clock, context));
  }

  private final EntityId id;
  private final Entities entities;
  private final Clock clock;
  private final ActorContext<Command> context;

  private Caregiver(EntityId id, Entities entities, Clock clock, ActorContext<Command> context) {
    super(PersistenceId.of(ENTITY_TYPE.name(), id.toString()));
    this.id = id;
    this.entities = entities;
    this.clock = clock;
    this.context = context;
  }

  @Override
  public CaregiverState emptyState() {
    return new NotInvited();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(50, 2);
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return Set.of(TAG);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, CaregiverState> commandHandler() {
    CommandHandlerWithReplyBuilder<Command, Event, CaregiverState> builder = newCommandHandlerWithReplyBuilder();
    builder.forStateType(NotInvited.class)
        .onCommand(Invite.class, c -> Effect()
            .persist(new CaregiverInvited(c.displayName(), c.email(), c.roles(), c.by(), now()))
            .thenReply(c.replyTo(), Caregiver::success))
        .onCommand(Get.class, c -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(AddLicense.class, c -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(ReviewLicense.class, c -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(UpdateProfile.class, c -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(SetAvailability.class, c -> Effect().reply(c.replyTo(), notFound()));
    builder.forStateType(Profile.class)
        .onCommand(Invite.class, this::onInviteAgain)
        .onCommand(Get.class, (profile, c) -> Effect().reply(c.replyTo(), StatusReply.success(profile)))
        .onCommand(AddLicense.class, (profile, c) -> changePresence(
            profile, new LicenseAdded(new License(c.state(), c.number(), c.expires(), LicenseStatus.PENDING), c.by(), now()), c.replyTo()))
        .onCommand(ReviewLicense.class, this::onReviewLicense)
        .onCommand(UpdateProfile.class, this::onUpdateProfile)
        .onCommand(SetAvailability.class, (profile, c) -> profile.availability() == c.availability()
            ? Effect().reply(c.replyTo(), StatusReply.success(profile))
            : changePresence(profile, new AvailabilityChanged(c.availability(), c.by(), now()), c.replyTo()));
    return builder.build();
  }

  private ReplyEffect<Event, CaregiverState> onInviteAgain(Profile profile, Invite c) {
    // Once active, the display name is the caregiver's own: a retried invite need not match it.
    boolean same = (profile.displayName().equals(c.displayName()) || profile.status() == CaregiverStatus.ACTIVE)
        && profile.email().equals(c.email())
        && profile.roles().equals(c.roles());
    return Effect().reply(c.replyTo(), same
        ? StatusReply.success(profile)
        : Refusal.reply(Refusal.Kind.CONFLICT, "caregiver " + id.key() + " was already invited with other details"));
  }

  private ReplyEffect<Event, CaregiverState> onReviewLicense(Profile profile, ReviewLicense c) {
    if (c.by().equals(id.key())) {
      // Separation of duties: credentialing never vouches for its own license.
      return Effect().reply(c.replyTo(), Refusal.reply(Refusal.Kind.FORBIDDEN, "no one reviews their own license"));
    }
    if (!profile.licenses().containsKey(c.state())) {
      return Effect().reply(c.replyTo(), Refusal.reply(Refusal.Kind.NOT_FOUND, "no license recorded for " + c.state()));
    }
    LicenseStatus status = c.verified() ? LicenseStatus.VERIFIED : LicenseStatus.REJECTED;
    return changePresence(profile, new LicenseReviewed(c.state(), status, c.by(), now()), c.replyTo());
  }

  private ReplyEffect<Event, CaregiverState> onUpdateProfile(Profile profile, UpdateProfile c) {
    boolean same = profile.status() == CaregiverStatus.ACTIVE
        && profile.displayName().equals(c.displayName())
        && profile.phone().equals(c.phone());
    if (same) {
      return Effect().reply(c.replyTo(), StatusReply.success(profile));
    }
    return Effect()
        .persist(new ProfileUpdated(c.displayName(), c.phone(), c.by(), now()))
        .thenReply(c.replyTo(), Caregiver::success);
  }

  private ReplyEffect<Event, CaregiverState> changePresence(Profile before, Event event, ActorRef<StatusReply<Profile>> replyTo) {
    Set<UsState> touched = EnumSet.noneOf(UsState.class);
    touched.addAll(before.licenses().keySet());
    return Effect()
        .persist(event)
        .thenRun(after -> announce((Profile) after, touched))
        .thenReply(replyTo, Caregiver::success);
  }

  /**
   * Tells each queue of a licensed state this provider's share and availability there. Queues record it
   * idempotently; a lost message is repeated on the next change and whenever the caregiver entity starts.
   */
  private void announce(Profile profile, Set<UsState> alsoTouched) {
    Instant now = now();
    Set<UsState> practice = profile.practiceStates(now);
    Set<UsState> states = EnumSet.noneOf(UsState.class);
    states.addAll(alsoTouched);
    states.addAll(profile.licenses().keySet());
    boolean available = profile.availability() == Availability.AVAILABLE;
    for (UsState state : states) {
      int statesServed = practice.contains(state) ? practice.size() : 0;
      Instant until = profile.practiceUntil(state).orElse(now);
      entities
          .queue(id.tenant(), state)
          .tell(new StateQueue.AnnounceProvider(id.key(), statesServed, available, until, context.getSystem().ignoreRef()));
    }
  }

  @Override
  public SignalHandler<CaregiverState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state instanceof Profile profile && profile.provider()) {
            announce(profile, Set.of());
          }
        })
        .build();
  }

  private static StatusReply<Profile> notFound() {
    return Refusal.reply(Refusal.Kind.NOT_FOUND, "no such caregiver");
  }

  private static StatusReply<Profile> success(CaregiverState state) {
    return StatusReply.success((Profile) state);
  }

  @Override
  public EventHandler<CaregiverState, Event> eventHandler() {
    return (state, event) -> {
      if (event instanceof CaregiverInvited e) {
        return Profile.invited(id.key(), e.displayName(), e.email(), e.roles(), e.by(), e.at());
      }
      Profile profile = (Profile) state;
      if (event instanceof LicenseAdded e) {
        return profile.withLicense(e.license());
      }
      if (event instanceof LicenseReviewed e) {
        return profile.withLicense(profile.licenses().get(e.state()).withStatus(e.status()));
      }
      if (event instanceof ProfileUpdated e) {
        return profile.withDetails(e.displayName(), e.phone());
      }
      if (event instanceof AvailabilityChanged e) {
        return profile.withAvailability(e.availability());
      }
      throw new IllegalStateException("unhandled event " + event);
    };
  }

  private Instant now() {
    return clock.instant();
  }
}
