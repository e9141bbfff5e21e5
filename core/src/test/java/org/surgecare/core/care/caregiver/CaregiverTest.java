package org.surgecare.core.care.caregiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.surgecare.core.common.entity.EntityTestSupport.refusalOf;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.surgecare.core.care.Entities;
import org.surgecare.core.common.EntityId;
import org.surgecare.core.common.entity.EntityTestSupport;
import org.surgecare.core.common.entity.Refusal;
import org.surgecare.core.common.Role;
import org.surgecare.core.common.TestClock;
import org.surgecare.core.care.caregiver.CaregiverState.Profile;
import org.surgecare.core.care.patient.PatientVisits;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.care.rules.License;
import org.surgecare.core.care.rules.LicenseStatus;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.visit.Visit;

/** The caregiver entity, with a probe standing in for each state's queue to see what it announces. */
class CaregiverTest {
  private static final Instant NOON = Instant.parse("2026-01-05T17:00:00Z");
  private static final String TENANT = "acme";
  private static final String CAREGIVER = "cg-1";
  private static final LocalDate EXPIRES = LocalDate.of(2027, 6, 30);
  /** The day after expiry, at midnight in New York (EDT in July). */
  private static final Instant NY_UNTIL = Instant.parse("2027-07-01T04:00:00Z");
  /** The day after expiry, at midnight in California (PDT in July). */
  private static final Instant CA_UNTIL = Instant.parse("2027-07-01T07:00:00Z");

  private static final TestClock clock = new TestClock(NOON);
  private static final Map<UsState, TestProbe<StateQueue.Command>> queues = new EnumMap<>(UsState.class);
  private static ActorTestKit testKit;
  private static EventSourcedBehaviorTestKit<Caregiver.Command, Caregiver.Event, CaregiverState> caregiver;

  /** Queues are probes; nothing else is reached from a caregiver. */
  private static final class ProbeQueues implements Entities {
    @Override
    public RecipientRef<StateQueue.Command> queue(String tenant, UsState state) {
      assertThat(tenant).isEqualTo(TENANT);
      TestProbe<StateQueue.Command> probe = queues.get(state);
      if (probe == null) {
        throw new IllegalStateException("no probe for the " + state + " queue");
      }
      return probe.ref();
    }

    @Override
    public RecipientRef<Visit.Command> visit(String tenant, String visitId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public RecipientRef<Caregiver.Command> caregiver(String tenant, String caregiverId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public RecipientRef<PatientVisits.Command> patient(String tenant, String patientId) {
      throw new UnsupportedOperationException();
    }
  }

  /** What a queue learns from an announcement (the reply address is the ignore ref). */
  private record Presence(String caregiverId, int statesServed, boolean available, Instant practiceUntil) {}

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create(EntityTestSupport.config());
    caregiver = EventSourcedBehaviorTestKit.create(
        testKit.system(),
        Caregiver.create(new EntityId(TENANT, CAREGIVER), new ProbeQueues(), clock),
        EntityTestSupport.SERIALIZATION);
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshCaregiverAndQueueProbes() {
    clock.set(NOON);
    freshQueueProbes();
    caregiver.clear();
  }

  @AfterEach
  void stateSurvivesRestart() {
    CaregiverState before = caregiver.getState();
    assertThat(caregiver.restart().state()).isEqualTo(before);
  }

  // ---- helpers

  private static CommandResultWithReply<Caregiver.Command, Caregiver.Event, CaregiverState, StatusReply<Profile>> run(
      Function<ActorRef<StatusReply<Profile>>, Caregiver.Command> command) {
    return caregiver.runCommand(command);
  }

  private static Profile profileOf(StatusReply<Profile> reply) {
    assertThat(reply.isSuccess()).as("expected success but got %s", reply).isTrue();
    return reply.getValue();
  }

  private static Profile invite(Role... roles) {
    return profileOf(run(replyTo -> new Caregiver.Invite("Dr One", "one@example.org", Set.of(roles), "admin", replyTo)).reply());
  }

  private static Profile addLicense(UsState state, LocalDate expires) {
    return profileOf(run(replyTo -> new Caregiver.AddLicense(state, "L-" + state, expires, "credentialing", replyTo)).reply());
  }

  private static Profile review(UsState state, boolean verified) {
    return profileOf(run(replyTo -> new Caregiver.ReviewLicense(state, verified, "credentialing", replyTo)).reply());
  }

  private static Profile setAvailability(Availability availability) {
    return profileOf(run(replyTo -> new Caregiver.SetAvailability(availability, CAREGIVER, replyTo)).reply());
  }

  private static Presence announced(UsState state) {
    StateQueue.AnnounceProvider announce = queues.get(state).expectMessageClass(StateQueue.AnnounceProvider.class);
    return new Presence(announce.caregiverId(), announce.statesServed(), announce.available(), announce.practiceUntil());
  }

  private static void licensedProvider(UsState... states) {
    invite(Role.PROVIDER);
    for (UsState state : states) {
      addLicense(state, EXPIRES);
      review(state, true);
    }
    freshQueueProbes();
  }

  /** New probes for every queue, so that a test sees only what the caregiver announces from here on. */
  private static void freshQueueProbes() {
    queues.values().forEach(TestProbe::stop);
    queues.clear();
    for (UsState state : Set.of(UsState.NY, UsState.CA)) {
      queues.put(state, testKit.createTestProbe());
    }
  }

  // ---- tests

  @Test
  void inviteCreatesAnOfflineProfile() {
    var result = run(replyTo -> new Caregiver.Invite("Dr One", "one@example.org", Set.of(Role.PROVIDER), "admin", replyTo));

    assertThat(profileOf(result.reply())).isEqualTo(new Profile(
        CAREGIVER, "Dr One", "one@example.org", Set.of(Role.PROVIDER), Map.of(), Availability.OFFLINE, "admin", NOON, "",
        CaregiverStatus.INVITED));
    assertThat(result.event())
        .isEqualTo(new Caregiver.CaregiverInvited("Dr One", "one@example.org", Set.of(Role.PROVIDER), "admin", NOON));
  }

  @Test
  void invitingAgainWithTheSameDetailsRepliesTheProfile() {
    Profile first = invite(Role.PROVIDER);
    clock.advance(Duration.ofMinutes(5));

    var again = run(replyTo -> new Caregiver.Invite("Dr One", "one@example.org", Set.of(Role.PROVIDER), "other admin", replyTo));

    assertThat(profileOf(again.reply())).isEqualTo(first);
    assertThat(again.hasNoEvents()).isTrue();
  }

  @Test
  void invitingAgainWithOtherDetailsIsAConflict() {
    Profile first = invite(Role.PROVIDER);

    var again = run(replyTo -> new Caregiver.Invite("Someone Else", "else@example.org", Set.of(Role.ADMIN), "admin", replyTo));

    assertThat(refusalOf(again.reply()).kind()).isEqualTo(Refusal.Kind.CONFLICT);
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(caregiver.getState()).isEqualTo(first);
  }

  @Test
  void completingTheProfileMakesTheCaregiverActive() {
    invite(Role.PROVIDER);
    clock.advance(Duration.ofDays(1));

    var result = run(replyTo -> new Caregiver.UpdateProfile("Dr. Ona One", "+1 206 555 0100", CAREGIVER, replyTo));

    Profile active = profileOf(result.reply());
    assertThat(active.status()).isEqualTo(CaregiverStatus.ACTIVE);
    assertThat(active.displayName()).isEqualTo("Dr. Ona One");
    assertThat(active.phone()).isEqualTo("+1 206 555 0100");
    assertThat(result.event()).isEqualTo(
        new Caregiver.ProfileUpdated("Dr. Ona One", "+1 206 555 0100", CAREGIVER, NOON.plus(Duration.ofDays(1))));
  }

  @Test
  void updatingTheProfileWithTheSameDetailsChangesNothing() {
    invite(Role.PROVIDER);
    Profile active = profileOf(run(replyTo -> new Caregiver.UpdateProfile("Dr One", "+1 206 555 0100", CAREGIVER, replyTo)).reply());

    var again = run(replyTo -> new Caregiver.UpdateProfile("Dr One", "+1 206 555 0100", CAREGIVER, replyTo));

    assertThat(profileOf(again.reply())).isEqualTo(active);
    assertThat(again.hasNoEvents()).isTrue();
  }

  @Test
  void aRetriedInviteStillMatchesAfterTheCaregiverRenamedThemselves() {
    invite(Role.PROVIDER);
    Profile renamed = profileOf(run(replyTo -> new Caregiver.UpdateProfile("Dr. Ona One", "", CAREGIVER, replyTo)).reply());

    assertThat(invite(Role.PROVIDER)).isEqualTo(renamed);
  }

  @Test
  void noOneReviewsTheirOwnLicense() {
    invite(Role.PROVIDER, Role.ADMIN);
    addLicense(UsState.NY, EXPIRES);

    var result = run(replyTo -> new Caregiver.ReviewLicense(UsState.NY, true, CAREGIVER, replyTo));

    assertThat(refusalOf(result.reply()).kind()).isEqualTo(Refusal.Kind.FORBIDDEN);
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void anUninvitedCaregiverIsNotFound() {
    assertThat(refusalOf(run(Caregiver.Get::new).reply()).kind()).isEqualTo(Refusal.Kind.NOT_FOUND);

    var license = run(replyTo -> new Caregiver.AddLicense(UsState.NY, "L-1", EXPIRES, "credentialing", replyTo));

    assertThat(refusalOf(license.reply()).kind()).isEqualTo(Refusal.Kind.NOT_FOUND);
    assertThat(license.hasNoEvents()).isTrue();
  }

  @Test
  void getRepliesTheProfile() {
    Profile invited = invite(Role.PROVIDER);

    assertThat(profileOf(run(Caregiver.Get::new).reply())).isEqualTo(invited);
  }

  @Test
  void aNewLicenseIsPendingAndGivesNoShare() {
    invite(Role.PROVIDER);

    var result = run(replyTo -> new Caregiver.AddLicense(UsState.NY, "L-NY", EXPIRES, "credentialing", replyTo));

    License pending = new License(UsState.NY, "L-NY", EXPIRES, LicenseStatus.PENDING);
    assertThat(profileOf(result.reply()).licenses()).isEqualTo(Map.of(UsState.NY, pending));
    assertThat(result.event()).isEqualTo(new Caregiver.LicenseAdded(pending, "credentialing", NOON));
    assertThat(announced(UsState.NY)).isEqualTo(new Presence(CAREGIVER, 0, false, NY_UNTIL));
  }

  @Test
  void verifyingALicenseAnnouncesTheProviderToThatQueue() {
    invite(Role.PROVIDER);
    addLicense(UsState.NY, EXPIRES);
    freshQueueProbes();

    var result = run(replyTo -> new Caregiver.ReviewLicense(UsState.NY, true, "credentialing", replyTo));

    assertThat(profileOf(result.reply()).licenses().get(UsState.NY).status()).isEqualTo(LicenseStatus.VERIFIED);
    assertThat(result.event()).isEqualTo(new Caregiver.LicenseReviewed(UsState.NY, LicenseStatus.VERIFIED, "credentialing", NOON));
    assertThat(announced(UsState.NY)).isEqualTo(new Presence(CAREGIVER, 1, false, NY_UNTIL));
  }

  @Test
  void rejectingALicenseWithdrawsTheShare() {
    licensedProvider(UsState.NY);

    Profile rejected = review(UsState.NY, false);

    assertThat(rejected.licenses().get(UsState.NY).status()).isEqualTo(LicenseStatus.REJECTED);
    assertThat(announced(UsState.NY).statesServed()).isZero();
  }

  @Test
  void reviewingAStateWithoutALicenseIsNotFound() {
    invite(Role.PROVIDER);

    var result = run(replyTo -> new Caregiver.ReviewLicense(UsState.TX, true, "credentialing", replyTo));

    assertThat(refusalOf(result.reply()).kind()).isEqualTo(Refusal.Kind.NOT_FOUND);
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void recordingALicenseAgainReplacesItUnverified() {
    licensedProvider(UsState.NY);

    Profile replaced = addLicense(UsState.NY, EXPIRES.plusYears(1));

    assertThat(replaced.licenses().get(UsState.NY))
        .isEqualTo(new License(UsState.NY, "L-NY", EXPIRES.plusYears(1), LicenseStatus.PENDING));
    assertThat(announced(UsState.NY).statesServed()).isZero();
  }

  @Test
  void becomingAvailableIsAnnounced() {
    licensedProvider(UsState.NY);

    var result = run(replyTo -> new Caregiver.SetAvailability(Availability.AVAILABLE, CAREGIVER, replyTo));

    assertThat(profileOf(result.reply()).availability()).isEqualTo(Availability.AVAILABLE);
    assertThat(result.event()).isEqualTo(new Caregiver.AvailabilityChanged(Availability.AVAILABLE, CAREGIVER, NOON));
    assertThat(announced(UsState.NY)).isEqualTo(new Presence(CAREGIVER, 1, true, NY_UNTIL));
  }

  @Test
  void goingOnBreakIsAnnouncedAsUnavailable() {
    licensedProvider(UsState.NY);
    setAvailability(Availability.AVAILABLE);
    freshQueueProbes();

    setAvailability(Availability.ON_BREAK);

    assertThat(announced(UsState.NY).available()).isFalse();
  }

  @Test
  void settingTheSameAvailabilityAgainChangesNothing() {
    licensedProvider(UsState.NY);
    setAvailability(Availability.AVAILABLE);
    freshQueueProbes();

    var again = run(replyTo -> new Caregiver.SetAvailability(Availability.AVAILABLE, CAREGIVER, replyTo));

    assertThat(again.hasNoEvents()).isTrue();
    queues.get(UsState.NY).expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aProviderLicensedInTwoStatesTakesAHalfShareInEach() {
    invite(Role.PROVIDER);
    addLicense(UsState.NY, EXPIRES);
    review(UsState.NY, true);
    addLicense(UsState.CA, EXPIRES);
    freshQueueProbes();

    review(UsState.CA, true);

    assertThat(announced(UsState.NY)).isEqualTo(new Presence(CAREGIVER, 2, false, NY_UNTIL));
    assertThat(announced(UsState.CA)).isEqualTo(new Presence(CAREGIVER, 2, false, CA_UNTIL));
  }

  @Test
  void anExpiredLicenseGivesNoShare() {
    invite(Role.PROVIDER);
    addLicense(UsState.NY, LocalDate.of(2025, 12, 31));
    freshQueueProbes();

    review(UsState.NY, true);

    assertThat(announced(UsState.NY)).isEqualTo(new Presence(CAREGIVER, 0, false, Instant.parse("2026-01-01T05:00:00Z")));
  }

  @Test
  void aCaregiverWhoIsNotAProviderGivesNoShare() {
    invite(Role.SUPPORT);
    addLicense(UsState.NY, EXPIRES);
    freshQueueProbes();

    review(UsState.NY, true);

    assertThat(announced(UsState.NY).statesServed()).isZero();
  }

  @Test
  void aRestartedProviderAnnouncesItselfAgain() {
    licensedProvider(UsState.NY, UsState.CA);
    setAvailability(Availability.AVAILABLE);
    freshQueueProbes();

    caregiver.restart();

    assertThat(announced(UsState.NY)).isEqualTo(new Presence(CAREGIVER, 2, true, NY_UNTIL));
    assertThat(announced(UsState.CA)).isEqualTo(new Presence(CAREGIVER, 2, true, CA_UNTIL));
  }
}
