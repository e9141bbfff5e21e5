package org.surgecare.core.care.patient;

import static org.surgecare.core.common.entity.EntityTestSupport.refusalOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.surgecare.core.common.EntityId;
import org.surgecare.core.common.entity.EntityTestSupport;
import org.surgecare.core.common.entity.Refusal;
import org.surgecare.core.care.LocalEntities;
import org.surgecare.core.common.TestClock;
import org.surgecare.core.care.patient.PatientVisits.Accepted;
import org.surgecare.core.care.patient.PatientVisits.VisitRequest;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.care.rules.ManualOverride;
import org.surgecare.core.care.rules.RefusalReason;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.visit.IntakeDetails;
import org.surgecare.core.care.visit.Visit;
import org.surgecare.core.care.visit.VisitState.VisitRecord;
import org.surgecare.core.care.visit.VisitStatus;

/** The intake flow of one patient against real state queue and visit actors. */
class PatientVisitsTest {
  private static final Instant NOON = Instant.parse("2026-01-05T17:00:00Z");
  private static final String TENANT = "acme";
  private static final String PATIENT = "patient-1";
  private static final VisitRequest COUGH = new VisitRequest("Pat Doe", "cough", 0, UsState.NY);
  private static final VisitRequest RASH = new VisitRequest("Pat Doe", "rash", 0, UsState.NY);

  private static final TestClock clock = new TestClock(NOON);
  private static ActorTestKit testKit;
  private static LocalEntities entities;
  private static EventSourcedBehaviorTestKit<PatientVisits.Command, PatientVisits.Event, PatientState> patient;

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create(EntityTestSupport.config());
    entities = new LocalEntities(testKit, clock);
    patient = EventSourcedBehaviorTestKit.create(
        testKit.system(), PatientVisits.create(new EntityId(TENANT, PATIENT), entities, clock), EntityTestSupport.SERIALIZATION);
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshPatientAndQueues() {
    clock.set(NOON);
    entities.stopAll();
    EntityTestSupport.clearJournal(testKit);
    patient.clear();
    entities.queue(TENANT, UsState.NY);
  }

  @AfterEach
  void stateSurvivesRestart() {
    PatientState before = patient.getState();
    assertThat(patient.restart().state()).isEqualTo(before);
  }

  // ---- helpers

  private static CommandResultWithReply<PatientVisits.Command, PatientVisits.Event, PatientState, StatusReply<Accepted>>
      request(String idempotencyKey, VisitRequest request) {
    return patient.runCommand(replyTo -> new PatientVisits.RequestVisit(idempotencyKey, request, replyTo));
  }

  private static Accepted resultOf(StatusReply<Accepted> reply) {
    assertThat(reply.isSuccess()).as("expected success but got %s", reply).isTrue();
    return reply.getValue();
  }

  private static VisitRecord accepted(String idempotencyKey, VisitRequest request) {
    return resultOf(request(idempotencyKey, request).reply()).visit();
  }

  private static <R> R ask(ActorRef<Visit.Command> visit, Function<ActorRef<R>, Visit.Command> command) {
    TestProbe<R> probe = testKit.createTestProbe();
    visit.tell(command.apply(probe.ref()));
    return probe.receiveMessage();
  }

  private static void setQueueOverride(ManualOverride override) {
    TestProbe<Done> probe = testKit.createTestProbe();
    entities.queue(TENANT, UsState.NY).tell(new StateQueue.SetOverride(override, "admin", probe.ref()));
    probe.receiveMessage();
  }

  private static StateQueue.Place placeOf(String visitId) {
    TestProbe<StateQueue.Place> probe = testKit.createTestProbe();
    entities.queue(TENANT, UsState.NY).tell(new StateQueue.GetPlace(visitId, probe.ref()));
    return probe.receiveMessage();
  }

  // ---- tests

  @Test
  void aNewRequestOpensAWaitingVisit() {
    var result = request("key-1", COUGH);

    Accepted accepted = (Accepted) resultOf(result.reply());
    assertThat(accepted.replayed()).isFalse();
    VisitRecord visit = accepted.visit();
    assertThat(visit.status()).isEqualTo(VisitStatus.WAITING);
    assertThat(visit.intake()).isEqualTo(new IntakeDetails(visit.visitId(), PATIENT, "Pat Doe", "cough", 0, UsState.NY, NOON));
    assertThat(result.events()).containsExactly(new PatientVisits.IntakeStarted("key-1", visit.intake(), NOON));
    assertThat(result.state().latest()).contains(visit.intake());
    assertThat(placeOf(visit.visitId()).position()).contains(1);
  }

  @Test
  void theSameKeyAgainRepliesTheSameVisitAsReplayed() {
    VisitRecord first = accepted("key-1", COUGH);
    clock.advance(Duration.ofMinutes(1));

    var again = request("key-1", COUGH);

    assertThat(resultOf(again.reply())).isEqualTo(new Accepted(first, true));
    assertThat(again.hasNoEvents()).isTrue();
  }

  @Test
  void theSameKeyForADifferentRequestIsRefusedAsReused() {
    VisitRecord first = accepted("key-1", COUGH);

    var reused = request("key-1", RASH);

    assertThat(refusalOf(reused.reply())).isEqualTo(Refusal.keyReused(first.visitId()));
    assertThat(reused.hasNoEvents()).isTrue();
  }

  @Test
  void aSecondIntakeWhileAVisitIsActiveIsRefused() {
    VisitRecord first = accepted("key-1", COUGH);

    var second = request("key-2", RASH);

    assertThat(refusalOf(second.reply())).isEqualTo(Refusal.activeVisitExists(first.visitId()));
    assertThat(second.hasNoEvents()).isTrue();
  }

  @Test
  void aNewIntakeIsAcceptedOnceTheVisitWasCancelled() {
    VisitRecord first = accepted("key-1", COUGH);
    StatusReply<VisitRecord> cancelled =
        ask(entities.visit(TENANT, first.visitId()), replyTo -> new Visit.Cancel(PATIENT, "feeling better", replyTo));
    assertThat(cancelled.getValue().status()).isEqualTo(VisitStatus.CANCELLED);

    var second = request("key-2", RASH);

    VisitRecord visit = ((Accepted) resultOf(second.reply())).visit();
    assertThat(visit.visitId()).isNotEqualTo(first.visitId());
    assertThat(visit.status()).isEqualTo(VisitStatus.WAITING);
    assertThat(second.state().latest()).contains(visit.intake());
    assertThat(second.state().recent()).hasSize(2);
  }

  @Test
  void replayingAKeyAfterTheVisitEndedRepliesItsFinalRecord() {
    VisitRecord first = accepted("key-1", COUGH);
    ask(entities.visit(TENANT, first.visitId()), (ActorRef<StatusReply<VisitRecord>> replyTo) ->
        new Visit.Cancel(PATIENT, "feeling better", replyTo));

    Accepted again = (Accepted) resultOf(request("key-1", COUGH).reply());

    assertThat(again.replayed()).isTrue();
    assertThat(again.visit().status()).isEqualTo(VisitStatus.CANCELLED);
  }

  @Test
  void aRefusedIntakeIsAcceptedAsRejectedAndDoesNotBlockTheNextOne() {
    setQueueOverride(ManualOverride.CLOSED);

    VisitRecord rejected = accepted("key-1", COUGH);

    assertThat(rejected.status()).isEqualTo(VisitStatus.REJECTED);
    assertThat(rejected.rejection()).contains(RefusalReason.CLOSED);
    assertThat(placeOf(rejected.visitId()).position()).isEmpty();

    setQueueOverride(ManualOverride.NONE);
    VisitRecord next = accepted("key-2", COUGH);

    assertThat(next.status()).isEqualTo(VisitStatus.WAITING);
    assertThat(next.visitId()).isNotEqualTo(rejected.visitId());
  }

  @Test
  void requestsSentTogetherAreAnsweredInTurnWithOneActiveVisit() {
    TestProbe<StatusReply<Accepted>> first = testKit.createTestProbe();
    TestProbe<StatusReply<Accepted>> second = testKit.createTestProbe();
    ActorRef<PatientVisits.Command> other = entities.patient(TENANT, "patient-2");

    other.tell(new PatientVisits.RequestVisit("key-1", COUGH, first.ref()));
    other.tell(new PatientVisits.RequestVisit("key-2", RASH, second.ref()));

    VisitRecord visit = first.receiveMessage().getValue().visit();
    assertThat(refusalOf(second.receiveMessage())).isEqualTo(Refusal.activeVisitExists(visit.visitId()));
  }
}
