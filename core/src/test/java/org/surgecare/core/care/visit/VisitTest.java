package org.surgecare.core.care.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.surgecare.core.common.entity.EntityTestSupport.refusalOf;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.surgecare.core.care.live.LiveFeed;
import org.surgecare.core.common.EntityId;
import org.surgecare.core.common.entity.EntityTestSupport;
import org.surgecare.core.care.LocalEntities;
import org.surgecare.core.common.entity.Refusal;
import org.surgecare.core.common.Role;
import org.surgecare.core.common.TestClock;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.care.rules.ManualOverride;
import org.surgecare.core.care.rules.RefusalReason;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.visit.VisitState.VisitRecord;

/**
 * The visit entity against real state queues. Commands that ask the queue reply asynchronously; the testkit's
 * {@code runCommand(replyTo -> ...)} waits for that reply on a probe, so events, state and reply are checked together.
 */
class VisitTest {
  private static final Instant NOON = Instant.parse("2026-01-05T17:00:00Z");
  private static final String TENANT = "acme";
  private static final String VISIT_ID = "visit-1";
  private static final String DR_ONE = "dr-one";
  private static final String DR_TWO = "dr-two";
  private static final IntakeDetails INTAKE = new IntakeDetails(
      VISIT_ID, "patient-1", "Pat Doe", "cough", 0, UsState.NY, NOON.minus(Duration.ofMinutes(10)));

  private static final TestClock clock = new TestClock(NOON);
  private static ActorTestKit testKit;
  private static LocalEntities entities;
  private static EventSourcedBehaviorTestKit<Visit.Command, Visit.Event, VisitState> visit;

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create(EntityTestSupport.config());
    entities = new LocalEntities(testKit, clock);
    visit = EventSourcedBehaviorTestKit.create(
        testKit.system(), Visit.create(new EntityId(TENANT, VISIT_ID), entities, clock, LiveFeed.NONE), EntityTestSupport.SERIALIZATION);
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshVisitAndQueues() {
    clock.set(NOON);
    entities.stopAll();
    EntityTestSupport.clearJournal(testKit);
    visit.clear();
    entities.queue(TENANT, UsState.NY);
    entities.queue(TENANT, UsState.NJ);
  }

  @AfterEach
  void stateSurvivesRestart() {
    VisitState before = visit.getState();
    assertThat(visit.restart().state()).isEqualTo(before);
  }

  // ---- helpers

  private static CommandResultWithReply<Visit.Command, Visit.Event, VisitState, StatusReply<VisitRecord>> run(
      Function<ActorRef<StatusReply<VisitRecord>>, Visit.Command> command) {
    return visit.runCommand(command);
  }

  private static VisitRecord recordOf(StatusReply<VisitRecord> reply) {
    assertThat(reply.isSuccess()).as("expected success but got %s", reply).isTrue();
    return reply.getValue();
  }

  private static VisitRecord open() {
    return recordOf(run(replyTo -> new Visit.Open(INTAKE, replyTo)).reply());
  }

  private static VisitRecord assign(String providerId) {
    return recordOf(run(replyTo -> new Visit.Assign(providerId, UsState.NY, INTAKE, replyTo)).reply());
  }

  /** Opened, claimed in the queue by the provider, and assigned to them: what dispatch leaves behind. */
  private static void openAndAssign(String providerId) {
    open();
    assertThat(askQueue(UsState.NY, (ActorRef<StatusReply<IntakeDetails>> replyTo) -> new StateQueue.Claim(VISIT_ID, providerId, replyTo))
        .isSuccess()).isTrue();
    assign(providerId);
  }

  private static void openAssignAndStart(String providerId) {
    openAndAssign(providerId);
    recordOf(run(replyTo -> new Visit.Start(providerId, replyTo)).reply());
  }

  private static <R> R askQueue(UsState state, Function<ActorRef<R>, StateQueue.Command> command) {
    TestProbe<R> probe = testKit.createTestProbe();
    entities.queue(TENANT, state).tell(command.apply(probe.ref()));
    return probe.receiveMessage();
  }

  private static StateQueue.Place placeIn(UsState state) {
    return askQueue(state, (ActorRef<StateQueue.Place> replyTo) -> new StateQueue.GetPlace(VISIT_ID, replyTo));
  }

  private static void setQueueOverride(UsState state, ManualOverride override) {
    askQueue(state, (ActorRef<Done> replyTo) -> new StateQueue.SetOverride(override, "admin", replyTo));
  }

  private static void admitToQueue(IntakeDetails intake) {
    assertThat(askQueue(intake.state(), (ActorRef<StateQueue.AdmitReply> replyTo) -> new StateQueue.Admit(intake, false, replyTo)))
        .isInstanceOf(StateQueue.Admitted.class);
  }

  private static void assertRefused(
      CommandResultWithReply<Visit.Command, Visit.Event, VisitState, StatusReply<VisitRecord>> result, Refusal.Kind kind) {
    assertThat(refusalOf(result.reply()).kind()).isEqualTo(kind);
    assertThat(result.hasNoEvents()).isTrue();
  }

  private static VisitRecord state() {
    return (VisitRecord) visit.getState();
  }

  // ---- tests

  @Nested
  class OpenCommand {
    @Test
    void opensTheVisitWaitingInItsStatesQueue() {
      var result = run(replyTo -> new Visit.Open(INTAKE, replyTo));

      VisitRecord record = recordOf(result.reply());
      assertThat(record.status()).isEqualTo(VisitStatus.WAITING);
      assertThat(record.intake()).isEqualTo(INTAKE);
      assertThat(result.events()).containsExactly(new Visit.VisitOpened(INTAKE, NOON));
      assertThat(placeIn(UsState.NY).position()).contains(1);
    }

    @Test
    void aClosedQueueRejectsTheVisit() {
      setQueueOverride(UsState.NY, ManualOverride.CLOSED);

      var result = run(replyTo -> new Visit.Open(INTAKE, replyTo));

      VisitRecord record = recordOf(result.reply());
      assertThat(record.status()).isEqualTo(VisitStatus.REJECTED);
      assertThat(record.rejection()).contains(RefusalReason.CLOSED);
      assertThat(record.endedAt()).contains(NOON);
      assertThat(result.event()).isInstanceOf(Visit.VisitRejected.class);
      assertThat(placeIn(UsState.NY).position()).isEmpty();
    }

    @Test
    void openingAgainRepliesTheSameRecordWithoutPersisting() {
      VisitRecord first = open();

      var again = run(replyTo -> new Visit.Open(INTAKE, replyTo));

      assertThat(recordOf(again.reply())).isEqualTo(first);
      assertThat(again.hasNoEvents()).isTrue();
    }

    @Test
    void aVisitTheQueueAlreadyHandedToAProviderOpensAssigned() {
      admitToQueue(INTAKE);
      askQueue(UsState.NY, (ActorRef<StatusReply<IntakeDetails>> replyTo) -> new StateQueue.Claim(VISIT_ID, DR_ONE, replyTo));

      var result = run(replyTo -> new Visit.Open(INTAKE, replyTo));

      assertThat(result.events()).containsExactly(new Visit.VisitOpened(INTAKE, NOON), new Visit.VisitAssigned(DR_ONE, NOON));
      assertThat(recordOf(result.reply()).providerId()).contains(DR_ONE);
    }

    @Test
    void anUnopenedVisitIsNotFound() {
      assertThat(refusalOf(run(Visit.Get::new).reply()).kind()).isEqualTo(Refusal.Kind.NOT_FOUND);
      assertRefused(run(replyTo -> new Visit.Start(DR_ONE, replyTo)), Refusal.Kind.NOT_FOUND);
    }
  }

  @Nested
  class AssignCommand {
    @Test
    void assigningAnUnopenedVisitRecreatesItsRecord() {
      var result = run(replyTo -> new Visit.Assign(DR_ONE, UsState.NY, INTAKE, replyTo));

      assertThat(result.events()).containsExactly(new Visit.VisitOpened(INTAKE, NOON), new Visit.VisitAssigned(DR_ONE, NOON));
      VisitRecord record = recordOf(result.reply());
      assertThat(record.status()).isEqualTo(VisitStatus.ASSIGNED);
      assertThat(record.intake()).isEqualTo(INTAKE);
    }

    @Test
    void assignsAWaitingVisit() {
      open();

      var result = run(replyTo -> new Visit.Assign(DR_ONE, UsState.NY, INTAKE, replyTo));

      assertThat(result.event()).isEqualTo(new Visit.VisitAssigned(DR_ONE, NOON));
      VisitRecord record = recordOf(result.reply());
      assertThat(record.status()).isEqualTo(VisitStatus.ASSIGNED);
      assertThat(record.providerId()).contains(DR_ONE);
      assertThat(record.assignedAt()).contains(NOON);
    }

    @Test
    void assigningTheSameProviderAgainChangesNothing() {
      open();
      VisitRecord assigned = assign(DR_ONE);

      var again = run(replyTo -> new Visit.Assign(DR_ONE, UsState.NY, INTAKE, replyTo));

      assertThat(recordOf(again.reply())).isEqualTo(assigned);
      assertThat(again.hasNoEvents()).isTrue();
    }

    @Test
    void aClaimFromAnotherStatesQueueConflicts() {
      open();

      assertRefused(run(replyTo -> new Visit.Assign(DR_ONE, UsState.NJ, INTAKE, replyTo)), Refusal.Kind.CONFLICT);
      assertThat(state().status()).isEqualTo(VisitStatus.WAITING);
    }

    @Test
    void aVisitAssignedToAnotherProviderConflicts() {
      open();
      assign(DR_ONE);

      assertRefused(run(replyTo -> new Visit.Assign(DR_TWO, UsState.NY, INTAKE, replyTo)), Refusal.Kind.CONFLICT);
    }
  }

  @Nested
  class StartCommand {
    @Test
    void startsTheVisitAndTakesItOutOfTheQueue() {
      openAndAssign(DR_ONE);

      var result = run(replyTo -> new Visit.Start(DR_ONE, replyTo));

      assertThat(result.event()).isEqualTo(new Visit.VisitStarted(DR_ONE, NOON));
      VisitRecord record = recordOf(result.reply());
      assertThat(record.status()).isEqualTo(VisitStatus.IN_PROGRESS);
      assertThat(record.startedAt()).contains(NOON);
      assertThat(placeIn(UsState.NY)).isEqualTo(new StateQueue.Place(Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void startingAgainRepliesTheRecord() {
      openAssignAndStart(DR_ONE);

      var again = run(replyTo -> new Visit.Start(DR_ONE, replyTo));

      assertThat(recordOf(again.reply()).status()).isEqualTo(VisitStatus.IN_PROGRESS);
      assertThat(again.hasNoEvents()).isTrue();
    }

    @Test
    void anotherProviderMayNotStartIt() {
      openAndAssign(DR_ONE);

      assertRefused(run(replyTo -> new Visit.Start(DR_TWO, replyTo)), Refusal.Kind.FORBIDDEN);
      assertThat(placeIn(UsState.NY).claimedBy()).contains(DR_ONE);
    }

    @Test
    void aWaitingVisitCannotBeStarted() {
      open();

      assertRefused(run(replyTo -> new Visit.Start(DR_ONE, replyTo)), Refusal.Kind.CONFLICT);
      assertThat(placeIn(UsState.NY).position()).contains(1);
    }
  }

  @Nested
  class CompleteCommand {
    @Test
    void completesTheVisitAndFeedsItsLengthToTheQueueEstimate() {
      openAssignAndStart(DR_ONE);
      clock.advance(Duration.ofMinutes(20));

      var result = run(replyTo -> new Visit.Complete(DR_ONE, replyTo));

      assertThat(result.event()).isEqualTo(new Visit.VisitCompleted(DR_ONE, NOON.plus(Duration.ofMinutes(20))));
      VisitRecord record = recordOf(result.reply());
      assertThat(record.status()).isEqualTo(VisitStatus.COMPLETED);
      assertThat(record.endedAt()).contains(NOON.plus(Duration.ofMinutes(20)));
      assertThat(record.endedBy()).contains(DR_ONE);
      // One patient waiting and one provider: the next patient's wait is one visit of the recorded length.
      admitToQueue(new IntakeDetails("visit-2", "patient-2", "Sam Roe", "rash", 0, UsState.NY, NOON));
      askQueue(UsState.NY, (ActorRef<Done> replyTo) ->
          new StateQueue.AnnounceProvider(DR_ONE, 1, true, Instant.parse("2030-01-01T00:00:00Z"), replyTo));
      StateQueue.Availability availability =
          askQueue(UsState.NY, (ActorRef<StateQueue.Availability> replyTo) -> new StateQueue.GetAvailability(replyTo));
      assertThat(availability.estimatedWait()).contains(Duration.ofMinutes(20));
    }

    @Test
    void completingAgainRepliesTheRecord() {
      openAssignAndStart(DR_ONE);
      run(replyTo -> new Visit.Complete(DR_ONE, replyTo));

      var again = run(replyTo -> new Visit.Complete(DR_ONE, replyTo));

      assertThat(recordOf(again.reply()).status()).isEqualTo(VisitStatus.COMPLETED);
      assertThat(again.hasNoEvents()).isTrue();
    }

    @Test
    void anotherProviderMayNotCompleteIt() {
      openAssignAndStart(DR_ONE);

      assertRefused(run(replyTo -> new Visit.Complete(DR_TWO, replyTo)), Refusal.Kind.FORBIDDEN);
    }

    @Test
    void aVisitNotStartedCannotBeCompleted() {
      openAndAssign(DR_ONE);

      assertRefused(run(replyTo -> new Visit.Complete(DR_ONE, replyTo)), Refusal.Kind.CONFLICT);
    }
  }

  @Nested
  class MarkNoShowCommand {
    @Test
    void marksAnAssignedVisitAsNoShowAndTakesItOutOfTheQueue() {
      openAndAssign(DR_ONE);

      var result = run(replyTo -> new Visit.MarkNoShow(DR_ONE, replyTo));

      assertThat(result.event()).isEqualTo(new Visit.VisitNoShow(DR_ONE, NOON));
      assertThat(recordOf(result.reply()).status()).isEqualTo(VisitStatus.NO_SHOW);
      assertThat(placeIn(UsState.NY).claimedBy()).isEmpty();
    }

    @Test
    void aVisitInProgressCanBeANoShow() {
      openAssignAndStart(DR_ONE);

      assertThat(recordOf(run(replyTo -> new Visit.MarkNoShow(DR_ONE, replyTo)).reply()).status())
          .isEqualTo(VisitStatus.NO_SHOW);
    }

    @Test
    void markingAgainRepliesTheRecord() {
      openAndAssign(DR_ONE);
      run(replyTo -> new Visit.MarkNoShow(DR_ONE, replyTo));

      var again = run(replyTo -> new Visit.MarkNoShow(DR_ONE, replyTo));

      assertThat(recordOf(again.reply()).status()).isEqualTo(VisitStatus.NO_SHOW);
      assertThat(again.hasNoEvents()).isTrue();
    }

    @Test
    void anotherProviderMayNotMarkIt() {
      openAndAssign(DR_ONE);

      assertRefused(run(replyTo -> new Visit.MarkNoShow(DR_TWO, replyTo)), Refusal.Kind.FORBIDDEN);
      assertThat(placeIn(UsState.NY).claimedBy()).contains(DR_ONE);
    }

    @Test
    void aWaitingVisitCannotBeANoShow() {
      open();

      assertRefused(run(replyTo -> new Visit.MarkNoShow(DR_ONE, replyTo)), Refusal.Kind.CONFLICT);
    }
  }

  @Nested
  class UnassignCommand {
    @Test
    void givesTheVisitBackToItsOriginalPlaceInTheQueue() {
      openAndAssign(DR_ONE);
      admitToQueue(new IntakeDetails("visit-2", "patient-2", "Sam Roe", "rash", 0, UsState.NY, NOON));

      var result = run(replyTo -> new Visit.Unassign(DR_ONE, replyTo));

      assertThat(result.event()).isEqualTo(new Visit.VisitUnassigned(DR_ONE, NOON));
      VisitRecord record = recordOf(result.reply());
      assertThat(record.status()).isEqualTo(VisitStatus.WAITING);
      assertThat(record.providerId()).isEmpty();
      assertThat(placeIn(UsState.NY)).isEqualTo(new StateQueue.Place(Optional.of(1), Optional.empty(), Optional.empty()));
    }

    @Test
    void unassigningAWaitingVisitChangesNothing() {
      open();

      var result = run(replyTo -> new Visit.Unassign(DR_ONE, replyTo));

      assertThat(recordOf(result.reply()).status()).isEqualTo(VisitStatus.WAITING);
      assertThat(result.hasNoEvents()).isTrue();
    }

    @Test
    void anotherProviderMayNotUnassignIt() {
      openAndAssign(DR_ONE);

      assertRefused(run(replyTo -> new Visit.Unassign(DR_TWO, replyTo)), Refusal.Kind.FORBIDDEN);
      assertThat(placeIn(UsState.NY).claimedBy()).contains(DR_ONE);
    }

    @Test
    void aVisitItsQueueNoLongerHoldsCannotBeUnassignedAndSaysSo() {
      // Assigned by recreating the record: the queue holds no claim to give back.
      run(replyTo -> new Visit.Assign(DR_ONE, UsState.NY, INTAKE, replyTo));

      var result = run(replyTo -> new Visit.Unassign(DR_ONE, replyTo));

      // A refusal the caller can act on, not "unavailable, retry" (which would be retried forever).
      assertRefused(result, Refusal.Kind.CONFLICT);
      assertThat(state().status()).isEqualTo(VisitStatus.ASSIGNED);
    }

    @Test
    void aVisitInProgressCannotBeUnassigned() {
      openAssignAndStart(DR_ONE);

      assertRefused(run(replyTo -> new Visit.Unassign(DR_ONE, replyTo)), Refusal.Kind.CONFLICT);
    }
  }

  @Nested
  class CancelCommand {
    @Test
    void cancelsAWaitingVisitAndTakesItOutOfTheQueue() {
      open();

      var result = run(replyTo -> new Visit.Cancel("patient-1", "feeling better", replyTo));

      assertThat(result.event()).isEqualTo(new Visit.VisitCancelled("patient-1", "feeling better", NOON));
      VisitRecord record = recordOf(result.reply());
      assertThat(record.status()).isEqualTo(VisitStatus.CANCELLED);
      assertThat(record.endedBy()).contains("patient-1");
      assertThat(record.cancelReason()).isEqualTo("feeling better");
      assertThat(placeIn(UsState.NY).position()).isEmpty();
    }

    @Test
    void cancelsAnAssignedVisitAndReleasesTheClaim() {
      openAndAssign(DR_ONE);

      assertThat(recordOf(run(replyTo -> new Visit.Cancel("support", "duplicate", replyTo)).reply()).status())
          .isEqualTo(VisitStatus.CANCELLED);
      assertThat(placeIn(UsState.NY).claimedBy()).isEmpty();
    }

    @Test
    void cancellingAgainRepliesTheRecord() {
      open();
      run(replyTo -> new Visit.Cancel("patient-1", "feeling better", replyTo));

      var again = run(replyTo -> new Visit.Cancel("patient-1", "feeling better", replyTo));

      assertThat(recordOf(again.reply()).status()).isEqualTo(VisitStatus.CANCELLED);
      assertThat(again.hasNoEvents()).isTrue();
    }

    @Test
    void aVisitInProgressCannotBeCancelled() {
      openAssignAndStart(DR_ONE);

      assertRefused(run(replyTo -> new Visit.Cancel("patient-1", "changed my mind", replyTo)), Refusal.Kind.CONFLICT);
    }
  }

  @Nested
  class TransferCommand {
    @Test
    void movesTheWaitingVisitToTheOtherStatesQueueKeepingItsRequestTime() {
      open();

      var result = run(replyTo -> new Visit.Transfer(UsState.NJ, "support", replyTo));

      assertThat(result.event()).isEqualTo(new Visit.VisitTransferred(UsState.NY, UsState.NJ, "support", NOON));
      VisitRecord record = recordOf(result.reply());
      assertThat(record.state()).isEqualTo(UsState.NJ);
      assertThat(record.status()).isEqualTo(VisitStatus.WAITING);
      assertThat(record.transfers()).containsExactly(new VisitState.Transfer(UsState.NY, UsState.NJ, "support", NOON));
      assertThat(placeIn(UsState.NY).position()).isEmpty();
      StateQueue.QueueView jersey = askQueue(UsState.NJ, (ActorRef<StateQueue.QueueView> replyTo) -> new StateQueue.GetQueue(replyTo));
      assertThat(jersey.waiting()).extracting(StateQueue.WaitingVisit::visit).containsExactly(INTAKE.transferredTo(UsState.NJ));
    }

    @Test
    void aClosedQueueRefusesTheTransferAndTheVisitStays() {
      open();
      setQueueOverride(UsState.NJ, ManualOverride.CLOSED);

      assertRefused(run(replyTo -> new Visit.Transfer(UsState.NJ, "support", replyTo)), Refusal.Kind.CONFLICT);
      assertThat(state().state()).isEqualTo(UsState.NY);
      assertThat(placeIn(UsState.NY).position()).contains(1);
    }

    @Test
    void transferringToTheSameStateChangesNothing() {
      open();

      var result = run(replyTo -> new Visit.Transfer(UsState.NY, "support", replyTo));

      assertThat(recordOf(result.reply()).state()).isEqualTo(UsState.NY);
      assertThat(result.hasNoEvents()).isTrue();
    }

    @Test
    void anAssignedVisitCannotBeTransferred() {
      openAndAssign(DR_ONE);

      assertRefused(run(replyTo -> new Visit.Transfer(UsState.NJ, "support", replyTo)), Refusal.Kind.CONFLICT);
      assertThat(askQueue(UsState.NJ, (ActorRef<StateQueue.QueueView> replyTo) -> new StateQueue.GetQueue(replyTo)).waiting())
          .isEmpty();
    }
  }

  @Nested
  class ChatCommands {
    private static final String PATIENT = "patient-1";
    private static final String SUPPORT = "sam-support";

    private Chat.ChatMessage post(String sender, Role role, String text) {
      StatusReply<Chat.ChatMessage> reply =
          visit.<StatusReply<Chat.ChatMessage>>runCommand(replyTo -> new Visit.PostMessage(sender, role, text, replyTo)).reply();
      assertThat(reply.isSuccess()).as("expected success but got %s", reply).isTrue();
      return reply.getValue();
    }

    private Chat.Page page(String reader, Role role, long after, int limit) {
      return visit.<StatusReply<Chat.Page>>runCommand(replyTo -> new Visit.GetMessages(reader, role, after, limit, replyTo))
          .reply().getValue();
    }

    private Chat.Summary markRead(long upTo) {
      return visit.<StatusReply<Chat.Summary>>runCommand(replyTo -> new Visit.MarkMessagesRead(SUPPORT, Role.SUPPORT, upTo, replyTo))
          .reply().getValue();
    }

    @Test
    void theVisitsPatientAndStaffPostNumberedMessages() {
      open();

      var result = visit.<StatusReply<Chat.ChatMessage>>runCommand(
          replyTo -> new Visit.PostMessage(PATIENT, Role.PATIENT, "how long now?", replyTo));
      clock.advance(Duration.ofSeconds(30));
      post(SUPPORT, Role.SUPPORT, "about ten minutes");

      Chat.ChatMessage first = new Chat.ChatMessage(1, PATIENT, Role.PATIENT, "how long now?", NOON);
      assertThat(result.event()).isEqualTo(new Visit.MessagePosted(1, PATIENT, Role.PATIENT, "how long now?", NOON));
      assertThat(result.reply().getValue()).isEqualTo(first);
      assertThat(state().chat().messages()).containsExactly(
          first, new Chat.ChatMessage(2, SUPPORT, Role.SUPPORT, "about ten minutes", NOON.plusSeconds(30)));
    }

    @Test
    void anotherPatientNeitherPostsNorReadsAndLearnsNothing() {
      open();

      var posted = visit.<StatusReply<Chat.ChatMessage>>runCommand(
          replyTo -> new Visit.PostMessage("patient-2", Role.PATIENT, "hello?", replyTo));
      var read = visit.<StatusReply<Chat.Page>>runCommand(
          replyTo -> new Visit.GetMessages("patient-2", Role.PATIENT, 0, 10, replyTo));

      // Hidden: the API answers it exactly as a visit that does not exist.
      Refusal hidden = new Refusal(Refusal.Kind.HIDDEN, refusalOf(visitThatDoesNotExist()).message());
      assertThat(refusalOf(posted.reply())).isEqualTo(hidden);
      assertThat(posted.hasNoEvents()).isTrue();
      assertThat(refusalOf(read.reply())).isEqualTo(hidden);
    }

    private StatusReply<VisitRecord> visitThatDoesNotExist() {
      TestProbe<StatusReply<VisitRecord>> probe = testKit.createTestProbe();
      entities.visit(TENANT, "no-such-visit").tell(new Visit.Get(probe.ref()));
      return probe.receiveMessage();
    }

    @Test
    void anUnopenedVisitHasNoChat() {
      var posted = visit.<StatusReply<Chat.ChatMessage>>runCommand(
          replyTo -> new Visit.PostMessage(SUPPORT, Role.SUPPORT, "hello?", replyTo));

      assertThat(refusalOf(posted.reply()).kind()).isEqualTo(Refusal.Kind.NOT_FOUND);
    }

    @Test
    void anEndedVisitsChatIsClosedButStillReadable() {
      open();
      post(PATIENT, Role.PATIENT, "hello");
      run(replyTo -> new Visit.Cancel(PATIENT, "", replyTo));

      var posted = visit.<StatusReply<Chat.ChatMessage>>runCommand(
          replyTo -> new Visit.PostMessage(SUPPORT, Role.SUPPORT, "still there?", replyTo));

      assertThat(refusalOf(posted.reply()).kind()).isEqualTo(Refusal.Kind.CONFLICT);
      assertThat(posted.hasNoEvents()).isTrue();
      assertThat(page(PATIENT, Role.PATIENT, 0, 10).messages()).hasSize(1);
    }

    @Test
    void theEleventhMessageInTenSecondsIsThrottledWithoutBeingRecorded() {
      open();
      for (int i = 1; i <= 10; i++) {
        post(PATIENT, Role.PATIENT, "message " + i);
        clock.advance(Duration.ofMillis(500));
      }

      var eleventh = visit.<StatusReply<Chat.ChatMessage>>runCommand(
          replyTo -> new Visit.PostMessage(PATIENT, Role.PATIENT, "one more", replyTo));

      // The first message was posted 5 s ago; it leaves the window in 5 s.
      assertThat(refusalOf(eleventh.reply()).retryAfter()).contains(Duration.ofSeconds(5));
      assertThat(eleventh.hasNoEvents()).isTrue();
      assertThat(post(SUPPORT, Role.SUPPORT, "others may still post").text()).isEqualTo("others may still post");
    }

    @Test
    void textOverTheLimitIsInvalid() {
      open();

      var posted = visit.<StatusReply<Chat.ChatMessage>>runCommand(
          replyTo -> new Visit.PostMessage(PATIENT, Role.PATIENT, "x".repeat(2_001), replyTo));

      assertThat(refusalOf(posted.reply()).kind()).isEqualTo(Refusal.Kind.INVALID);
      assertThat(posted.hasNoEvents()).isTrue();
    }

    @Test
    void messagesArePagedByNumber() {
      open();
      for (int i = 1; i <= 5; i++) {
        post(i % 2 == 0 ? SUPPORT : PATIENT, i % 2 == 0 ? Role.SUPPORT : Role.PATIENT, "message " + i);
      }

      Chat.Page first = page(SUPPORT, Role.SUPPORT, 0, 2);
      Chat.Page last = page(SUPPORT, Role.SUPPORT, 4, 2);

      assertThat(first.messages()).extracting(Chat.ChatMessage::number).containsExactly(1L, 2L);
      assertThat(first.more()).isTrue();
      assertThat(last.messages()).extracting(Chat.ChatMessage::number).containsExactly(5L);
      assertThat(last.more()).isFalse();
      assertThat(page(SUPPORT, Role.SUPPORT, 9, 2).messages()).isEmpty();
    }

    @Test
    void staffUnreadCountsPatientMessagesAfterTheReadMarker() {
      open();
      post(PATIENT, Role.PATIENT, "one");
      post(PATIENT, Role.PATIENT, "two");
      post(SUPPORT, Role.SUPPORT, "staff messages are not unread");
      assertThat(state().chat().summary()).isEqualTo(new Chat.Summary(3, 0, 2));

      var read = visit.<StatusReply<Chat.Summary>>runCommand(
          replyTo -> new Visit.MarkMessagesRead(SUPPORT, Role.SUPPORT, 99, replyTo));
      post(PATIENT, Role.PATIENT, "three");

      assertThat(read.event()).isEqualTo(new Visit.MessagesRead(3, SUPPORT, NOON));
      assertThat(read.reply().getValue()).isEqualTo(new Chat.Summary(3, 3, 0));
      assertThat(state().chat().summary()).isEqualTo(new Chat.Summary(4, 3, 1));
    }

    @Test
    void theReadMarkerNeverMovesBack() {
      open();
      post(PATIENT, Role.PATIENT, "one");
      post(PATIENT, Role.PATIENT, "two");
      markRead(2);

      var back = visit.<StatusReply<Chat.Summary>>runCommand(
          replyTo -> new Visit.MarkMessagesRead(SUPPORT, Role.SUPPORT, 1, replyTo));

      assertThat(back.hasNoEvents()).isTrue();
      assertThat(back.reply().getValue()).isEqualTo(new Chat.Summary(2, 2, 0));
    }

    @Test
    void patientsDoNotMoveTheStaffReadMarker() {
      open();
      post(PATIENT, Role.PATIENT, "one");

      var read = visit.<StatusReply<Chat.Summary>>runCommand(
          replyTo -> new Visit.MarkMessagesRead(PATIENT, Role.PATIENT, 1, replyTo));

      assertThat(refusalOf(read.reply()).kind()).isEqualTo(Refusal.Kind.FORBIDDEN);
      assertThat(read.hasNoEvents()).isTrue();
    }

    @Test
    void theChatIsKeptAcrossTransfers() {
      open();
      post(PATIENT, Role.PATIENT, "I moved to New Jersey");

      run(replyTo -> new Visit.Transfer(UsState.NJ, SUPPORT, replyTo));

      assertThat(state().chat().messages()).hasSize(1);
    }
  }

  @Test
  void getRepliesTheRecord() {
    open();

    var result = run(Visit.Get::new);

    assertThat(recordOf(result.reply())).isEqualTo(state());
    assertThat(result.hasNoEvents()).isTrue();
  }

  @Test
  void commandsSentWhileTheQueueIsBeingAskedWaitTheirTurn() {
    TestProbe<StatusReply<VisitRecord>> opened = testKit.createTestProbe();
    TestProbe<StatusReply<VisitRecord>> got = testKit.createTestProbe();
    ActorRef<Visit.Command> other = entities.visit(TENANT, "visit-2");
    IntakeDetails intake = new IntakeDetails("visit-2", "patient-2", "Sam Roe", "rash", 0, UsState.NY, NOON);

    other.tell(new Visit.Open(intake, opened.ref()));
    other.tell(new Visit.Get(got.ref()));

    assertThat(opened.receiveMessage().getValue().status()).isEqualTo(VisitStatus.WAITING);
    assertThat(got.receiveMessage().getValue().visitId()).isEqualTo("visit-2");
  }
}
