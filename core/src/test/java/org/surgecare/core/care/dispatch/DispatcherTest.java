package org.surgecare.core.care.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.surgecare.core.common.entity.EntityTestSupport.outcomeOf;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.surgecare.core.common.entity.Asks;
import org.surgecare.core.common.entity.EntityTestSupport;
import org.surgecare.core.common.entity.EntityTestSupport.Outcome;
import org.surgecare.core.care.LocalEntities;
import org.surgecare.core.common.entity.Refusal;
import org.surgecare.core.common.Role;
import org.surgecare.core.common.TestClock;
import org.surgecare.core.care.caregiver.Availability;
import org.surgecare.core.care.caregiver.Caregiver;
import org.surgecare.core.care.caregiver.CaregiverState.Profile;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.visit.IntakeDetails;
import org.surgecare.core.care.visit.Visit;
import org.surgecare.core.care.visit.VisitState.VisitRecord;
import org.surgecare.core.care.visit.VisitStatus;

/** "Next patient" against real caregiver, state queue and visit actors. */
class DispatcherTest {
  private static final Instant NOON = Instant.parse("2026-01-05T17:00:00Z");
  private static final String TENANT = "acme";
  private static final String DR_ONE = "dr-one";
  private static final String DR_TWO = "dr-two";
  private static final LocalDate EXPIRES = LocalDate.of(2027, 6, 30);

  private static final TestClock clock = new TestClock(NOON);
  private static ActorTestKit testKit;
  private static LocalEntities entities;
  private static Dispatcher dispatcher;

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create(EntityTestSupport.config());
    entities = new LocalEntities(testKit, clock);
    dispatcher = new Dispatcher(entities, testKit.system().scheduler(), clock);
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshEntities() {
    clock.set(NOON);
    entities.stopAll();
    EntityTestSupport.clearJournal(testKit);
    entities.queue(TENANT, UsState.NY);
    entities.queue(TENANT, UsState.NJ);
  }

  // ---- helpers

  private static <C, R> R ask(RecipientRef<C> target, Function<ActorRef<R>, C> command) {
    TestProbe<R> probe = testKit.createTestProbe();
    target.tell(command.apply(probe.ref()));
    return probe.receiveMessage();
  }

  private static <T> T success(StatusReply<T> reply) {
    assertThat(reply.isSuccess()).as("expected success but got %s", reply).isTrue();
    return reply.getValue();
  }

  private static Profile caregiver(String id, Role role, Availability availability, Set<UsState> verified, Set<UsState> pending) {
    ActorRef<Caregiver.Command> caregiver = entities.caregiver(TENANT, id);
    Function<Function<ActorRef<StatusReply<Profile>>, Caregiver.Command>, Profile> run =
        command -> success(ask(caregiver, command));
    run.apply(replyTo -> new Caregiver.Invite(id, id + "@example.org", Set.of(role), "admin", replyTo));
    for (UsState state : verified) {
      run.apply(replyTo -> new Caregiver.AddLicense(state, "L-" + state, EXPIRES, "credentialing", replyTo));
      run.apply(replyTo -> new Caregiver.ReviewLicense(state, true, "credentialing", replyTo));
    }
    for (UsState state : pending) {
      run.apply(replyTo -> new Caregiver.AddLicense(state, "L-" + state, EXPIRES, "credentialing", replyTo));
    }
    return run.apply(replyTo -> new Caregiver.SetAvailability(availability, id, replyTo));
  }

  private static void availableProvider(String id, UsState... states) {
    caregiver(id, Role.PROVIDER, Availability.AVAILABLE, Set.of(states), Set.of());
  }

  private static IntakeDetails intake(String visitId, UsState state, int priority, int minutesAgo) {
    return new IntakeDetails(
        visitId, "patient-" + visitId, "Pat " + visitId, "fever", priority, state, NOON.minus(Duration.ofMinutes(minutesAgo)));
  }

  private static VisitRecord open(String visitId, UsState state, int priority, int minutesAgo) {
    IntakeDetails intake = intake(visitId, state, priority, minutesAgo);
    VisitRecord record = success(ask(entities.visit(TENANT, visitId), (ActorRef<StatusReply<VisitRecord>> replyTo) ->
        new Visit.Open(intake, replyTo)));
    assertThat(record.status()).isEqualTo(VisitStatus.WAITING);
    return record;
  }

  private static VisitRecord visitRecord(String visitId) {
    return success(ask(entities.visit(TENANT, visitId), Visit.Get::new));
  }

  private static StateQueue.Place placeOf(String visitId, UsState state) {
    return ask(entities.queue(TENANT, state), (ActorRef<StateQueue.Place> replyTo) -> new StateQueue.GetPlace(visitId, replyTo));
  }

  private static StateQueue.QueueView queueView(UsState state) {
    return ask(entities.queue(TENANT, state), StateQueue.GetQueue::new);
  }

  private static Outcome<Optional<VisitRecord>> next(String providerId) {
    return outcomeOf(testKit, dispatcher.next(TENANT, providerId));
  }

  private static VisitRecord nextAssigned(String providerId) {
    Optional<VisitRecord> next = next(providerId).get();
    assertThat(next).as("a patient for %s", providerId).isPresent();
    return next.get();
  }

  private static void start(String visitId, String providerId) {
    success(ask(entities.visit(TENANT, visitId), (ActorRef<StatusReply<VisitRecord>> replyTo) ->
        new Visit.Start(providerId, replyTo)));
  }

  // ---- tests

  @Test
  void aProviderLicensedInTwoStatesGetsTheLongestWaitingPatientAcrossBoth() {
    availableProvider(DR_ONE, UsState.NY, UsState.NJ);
    open("ny-1", UsState.NY, 0, 20);
    open("nj-1", UsState.NJ, 0, 30);
    open("ny-2", UsState.NY, 0, 10);

    VisitRecord first = nextAssigned(DR_ONE);

    assertThat(first.visitId()).isEqualTo("nj-1");
    assertThat(first.status()).isEqualTo(VisitStatus.ASSIGNED);
    assertThat(first.providerId()).contains(DR_ONE);
    assertThat(placeOf("nj-1", UsState.NJ).claimedBy()).contains(DR_ONE);
    assertThat(visitRecord("nj-1")).isEqualTo(first);

    start("nj-1", DR_ONE);
    assertThat(nextAssigned(DR_ONE).visitId()).isEqualTo("ny-1");
  }

  @Test
  void aHigherPriorityPatientGoesBeforeALongerWaitInAnotherState() {
    availableProvider(DR_ONE, UsState.NY, UsState.NJ);
    open("nj-routine", UsState.NJ, 0, 60);
    open("ny-urgent", UsState.NY, 5, 1);

    assertThat(nextAssigned(DR_ONE).visitId()).isEqualTo("ny-urgent");
  }

  @Test
  void patientsOfStatesTheProviderIsNotLicensedInAreNotOffered() {
    availableProvider(DR_ONE, UsState.NY);
    open("nj-1", UsState.NJ, 0, 30);

    assertThat(next(DR_ONE).get()).isEmpty();
    assertThat(placeOf("nj-1", UsState.NJ).position()).contains(1);
  }

  @Test
  void aProviderWithoutAVerifiedLicenseIsNotLicensed() {
    caregiver(DR_ONE, Role.PROVIDER, Availability.AVAILABLE, Set.of(), Set.of(UsState.NY));
    open("ny-1", UsState.NY, 0, 10);

    assertThat(next(DR_ONE).refusal().kind()).isEqualTo(Refusal.Kind.NOT_LICENSED);
    assertThat(placeOf("ny-1", UsState.NY).position()).contains(1);
  }

  @Test
  void aProviderWhoIsNotAvailableIsRefused() {
    caregiver(DR_ONE, Role.PROVIDER, Availability.ON_BREAK, Set.of(UsState.NY), Set.of());
    open("ny-1", UsState.NY, 0, 10);

    assertThat(next(DR_ONE).refusal().kind()).isEqualTo(Refusal.Kind.CONFLICT);
  }

  @Test
  void aCaregiverWhoIsNotAProviderIsForbidden() {
    caregiver("support-1", Role.SUPPORT, Availability.AVAILABLE, Set.of(UsState.NY), Set.of());

    assertThat(next("support-1").refusal().kind()).isEqualTo(Refusal.Kind.FORBIDDEN);
  }

  @Test
  void anUnknownCaregiverIsNotFound() {
    assertThat(next("nobody").refusal().kind()).isEqualTo(Refusal.Kind.NOT_FOUND);
  }

  @Test
  void nobodyWaitingGivesNoPatient() {
    availableProvider(DR_ONE, UsState.NY, UsState.NJ);

    assertThat(next(DR_ONE).get()).isEmpty();
  }

  @Test
  void theVisitAProviderHoldsIsGivenAgainOnTheNextCall() {
    availableProvider(DR_ONE, UsState.NY);
    open("ny-1", UsState.NY, 0, 20);
    open("ny-2", UsState.NY, 0, 10);
    VisitRecord first = nextAssigned(DR_ONE);

    VisitRecord again = nextAssigned(DR_ONE);

    assertThat(again).isEqualTo(first);
    assertThat(placeOf("ny-2", UsState.NY).position()).contains(1);
  }

  @Test
  void aClaimWhoseAssignmentWasLostIsAssignedOnTheNextCall() {
    availableProvider(DR_ONE, UsState.NY);
    open("ny-1", UsState.NY, 0, 20);
    open("ny-2", UsState.NY, 0, 10);
    StatusReply<IntakeDetails> claimed = ask(entities.queue(TENANT, UsState.NY), (ActorRef<StatusReply<IntakeDetails>> replyTo) ->
        new StateQueue.Claim("ny-2", DR_ONE, replyTo));
    assertThat(claimed.isSuccess()).isTrue();

    VisitRecord next = nextAssigned(DR_ONE);

    assertThat(next.visitId()).isEqualTo("ny-2");
    assertThat(visitRecord("ny-2").providerId()).contains(DR_ONE);
    assertThat(placeOf("ny-1", UsState.NY).position()).contains(1);
  }

  @Test
  void aStaleQueueEntryIsVoidedAndTheNextPatientAssigned() {
    availableProvider(DR_ONE, UsState.NY);
    open("ny-stale", UsState.NY, 0, 20);
    open("ny-2", UsState.NY, 0, 10);
    success(ask(entities.visit(TENANT, "ny-stale"), (ActorRef<StatusReply<VisitRecord>> replyTo) ->
        new Visit.Cancel("patient", "left", replyTo)));
    // The queue took the cancelled visit back in (a retried admission, say): its entry is stale.
    ask(entities.queue(TENANT, UsState.NY), (ActorRef<StateQueue.AdmitReply> replyTo) ->
        new StateQueue.Admit(intake("ny-stale", UsState.NY, 0, 20), false, replyTo));

    VisitRecord next = nextAssigned(DR_ONE);

    assertThat(next.visitId()).isEqualTo("ny-2");
    assertThat(visitRecord("ny-stale").status()).isEqualTo(VisitStatus.CANCELLED);
    assertThat(placeOf("ny-stale", UsState.NY))
        .isEqualTo(new StateQueue.Place(Optional.empty(), Optional.empty(), Optional.empty()));
  }

  @Test
  void twoDispatchersRacingNeverAssignTheSameVisitTwice() {
    int patients = 50;
    List<String> all = new ArrayList<>();
    for (int i = 0; i < patients; i++) {
      UsState state = i % 2 == 0 ? UsState.NY : UsState.NJ;
      String visitId = "visit-" + i;
      open(visitId, state, i % 3, 100 - i);
      all.add(visitId);
    }
    availableProvider(DR_ONE, UsState.NY, UsState.NJ);
    availableProvider(DR_TWO, UsState.NY, UsState.NJ);
    Dispatcher first = new Dispatcher(entities, testKit.system().scheduler(), clock);
    Dispatcher second = new Dispatcher(entities, testKit.system().scheduler(), clock);

    CompletionStage<List<String>> one = takeAll(first, DR_ONE, new ArrayList<>());
    CompletionStage<List<String>> two = takeAll(second, DR_TWO, new ArrayList<>());
    List<String> takenByOne = outcomeOf(testKit, one, Duration.ofSeconds(30)).get();
    List<String> takenByTwo = outcomeOf(testKit, two, Duration.ofSeconds(30)).get();

    assertThat(takenByOne).doesNotHaveDuplicates();
    assertThat(takenByTwo).doesNotHaveDuplicates();
    Set<String> overlap = new HashSet<>(takenByOne);
    overlap.retainAll(takenByTwo);
    assertThat(overlap).isEmpty();
    List<String> taken = new ArrayList<>(takenByOne);
    taken.addAll(takenByTwo);
    assertThat(taken).containsExactlyInAnyOrderElementsOf(all);
    takenByOne.forEach(id -> assertThat(visitRecord(id).providerId()).contains(DR_ONE));
    takenByTwo.forEach(id -> assertThat(visitRecord(id).providerId()).contains(DR_TWO));
    for (UsState state : List.of(UsState.NY, UsState.NJ)) {
      assertThat(queueView(state).waiting()).isEmpty();
      assertThat(queueView(state).claimed()).isEmpty();
    }
  }

  /** A provider taking patients one after the other (starting each) until nobody waits. */
  private static CompletionStage<List<String>> takeAll(Dispatcher dispatcher, String providerId, List<String> taken) {
    return dispatcher.next(TENANT, providerId).thenCompose(next -> {
      if (next.isEmpty()) {
        return CompletableFuture.completedFuture(taken);
      }
      String visitId = next.get().visitId();
      taken.add(visitId);
      return Asks.<Visit.Command, VisitRecord>askWithStatus(
              entities.visit(TENANT, visitId), replyTo -> new Visit.Start(providerId, replyTo), testKit.system().scheduler())
          .thenCompose(started -> takeAll(dispatcher, providerId, taken));
    });
  }
}
