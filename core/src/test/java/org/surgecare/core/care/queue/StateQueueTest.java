package org.surgecare.core.care.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
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
import org.surgecare.core.common.entity.EntityTestSupport;
import org.surgecare.core.common.entity.Refusal;
import org.surgecare.core.common.TestClock;
import org.surgecare.core.care.live.LiveEvent;
import org.surgecare.core.care.queue.QueueState.ClaimedVisit;
import org.surgecare.core.care.queue.StateQueue.Admit;
import org.surgecare.core.care.queue.StateQueue.AdmitReply;
import org.surgecare.core.care.queue.StateQueue.Admitted;
import org.surgecare.core.care.queue.StateQueue.AlreadyClaimed;
import org.surgecare.core.care.queue.StateQueue.Availability;
import org.surgecare.core.care.queue.StateQueue.Outcome;
import org.surgecare.core.care.queue.StateQueue.Peek;
import org.surgecare.core.care.queue.StateQueue.Place;
import org.surgecare.core.care.queue.StateQueue.QueueView;
import org.surgecare.core.care.queue.StateQueue.Refused;
import org.surgecare.core.care.rules.ManualOverride;
import org.surgecare.core.care.rules.QueueHours;
import org.surgecare.core.care.rules.QueueSettings;
import org.surgecare.core.care.rules.RefusalReason;
import org.surgecare.core.care.rules.ThrottleRate;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.visit.IntakeDetails;

class StateQueueTest {
  /** Monday noon in New York: the default 07:00–22:00 hours are open. */
  private static final Instant NOON = Instant.parse("2026-01-05T17:00:00Z");
  /** 22:00 the same day in New York. */
  private static final Instant CLOSING = Instant.parse("2026-01-06T03:00:00Z");
  /** 07:00 the next day in New York. */
  private static final Instant NEXT_OPENING = Instant.parse("2026-01-06T12:00:00Z");
  private static final Instant FAR_FUTURE = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration TYPICAL = Duration.ofMinutes(15);

  private static final TestClock clock = new TestClock(NOON);
  private static ActorTestKit testKit;
  private static EventSourcedBehaviorTestKit<StateQueue.Command, StateQueue.Event, QueueState> queue;

  @BeforeAll
  static void startSystem() {
    testKit = ActorTestKit.create(EntityTestSupport.config());
    queue = EventSourcedBehaviorTestKit.create(
        testKit.system(), StateQueue.create(StateQueue.entityId("acme", UsState.NY), clock, LiveFeed.NONE), EntityTestSupport.SERIALIZATION);
  }

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void emptyQueue() {
    clock.set(NOON);
    queue.clear();
  }

  @AfterEach
  void stateSurvivesRestart() {
    QueueState before = queue.getState();
    assertThat(queue.restart().state()).isEqualTo(before);
  }

  // ---- helpers

  private static IntakeDetails intake(String visitId, int priority, Instant requestedAt) {
    return new IntakeDetails(visitId, "patient-" + visitId, "Pat " + visitId, "sore throat", priority, UsState.NY, requestedAt);
  }

  private static IntakeDetails intake(String visitId, int minutesAgo) {
    return intake(visitId, 0, NOON.minus(Duration.ofMinutes(minutesAgo)));
  }

  private static CommandResultWithReply<StateQueue.Command, StateQueue.Event, QueueState, AdmitReply> admit(
      IntakeDetails visit) {
    return queue.runCommand(replyTo -> new Admit(visit, false, replyTo));
  }

  private static CommandResultWithReply<StateQueue.Command, StateQueue.Event, QueueState, AdmitReply> transfer(
      IntakeDetails visit) {
    return queue.runCommand(replyTo -> new Admit(visit, true, replyTo));
  }

  private static CommandResultWithReply<StateQueue.Command, StateQueue.Event, QueueState, StatusReply<IntakeDetails>> claim(
      String visitId, String providerId) {
    return queue.runCommand(replyTo -> new StateQueue.Claim(visitId, providerId, replyTo));
  }

  private static CommandResultWithReply<StateQueue.Command, StateQueue.Event, QueueState, Done> announce(
      String caregiverId, int statesServed, boolean available, Instant practiceUntil) {
    return queue.runCommand(replyTo -> new StateQueue.AnnounceProvider(caregiverId, statesServed, available, practiceUntil, replyTo));
  }

  private static void oneProviderAvailable() {
    announce("dr-one", 1, true, FAR_FUTURE);
  }

  private static void changeSettings(QueueSettings settings) {
    queue.<Done>runCommand(replyTo -> new StateQueue.ChangeSettings(settings, "admin", replyTo));
  }

  private static QueueSettings defaults() {
    return QueueSettings.defaults(UsState.NY.defaultZone());
  }

  private static void setOverride(ManualOverride override) {
    queue.<Done>runCommand(replyTo -> new StateQueue.SetOverride(override, "admin", replyTo));
  }

  private static Place place(String visitId) {
    return queue.<Place>runCommand(replyTo -> new StateQueue.GetPlace(visitId, replyTo)).reply();
  }

  private static Availability availability() {
    return queue.<Availability>runCommand(StateQueue.GetAvailability::new).reply();
  }

  private static QueueView view() {
    return queue.<QueueView>runCommand(StateQueue.GetQueue::new).reply();
  }

  private static List<String> waitingIds() {
    return queue.getState().waiting().stream().map(IntakeDetails::visitId).toList();
  }

  // ---- tests

  @Nested
  class AdmitCommand {
    @Test
    void admitsAVisitAtTheEndOfTheQueue() {
      admit(intake("a", 10));

      var result = admit(intake("b", 5));

      assertThat(result.reply()).isEqualTo(new Admitted(2, Optional.empty()));
      assertThat(result.event()).isEqualTo(new StateQueue.VisitQueued(intake("b", 5), NOON));
      assertThat(waitingIds()).containsExactly("a", "b");
    }

    @Test
    void estimatesTheWaitOnceAProviderServesTheState() {
      oneProviderAvailable();
      admit(intake("a", 10));

      assertThat(admit(intake("b", 5)).reply()).isEqualTo(new Admitted(2, Optional.of(TYPICAL)));
    }

    @Test
    void admittingAWaitingVisitAgainRepliesItsPlaceWithoutPersisting() {
      admit(intake("a", 10));
      admit(intake("b", 5));

      var again = admit(intake("a", 10));

      assertThat(again.reply()).isEqualTo(new Admitted(1, Optional.empty()));
      assertThat(again.hasNoEvents()).isTrue();
    }

    @Test
    void admittingAClaimedVisitAgainRepliesWhoTookIt() {
      admit(intake("a", 10));
      claim("a", "dr-one");

      var again = admit(intake("a", 10));

      assertThat(again.reply()).isEqualTo(new AlreadyClaimed("dr-one"));
      assertThat(again.hasNoEvents()).isTrue();
    }

    @Test
    void refusesWhenClosedByHand() {
      setOverride(ManualOverride.CLOSED);

      var result = admit(intake("a", 1));

      assertThat(result.replyOfType(Refused.class).reason()).isEqualTo(RefusalReason.CLOSED);
      assertThat(result.replyOfType(Refused.class).nextOpening()).isEmpty();
      assertThat(result.hasNoEvents()).isTrue();
    }

    @Test
    void refusesOutsideHoursAndTellsTheNextOpening() {
      clock.set(CLOSING.plus(Duration.ofHours(1)));

      var refused = admit(intake("a", 1)).replyOfType(Refused.class);

      assertThat(refused.reason()).isEqualTo(RefusalReason.CLOSED);
      assertThat(refused.nextOpening()).contains(NEXT_OPENING);
    }

    @Test
    void refusesWhenTheQueueHoldsItsCapacity() {
      changeSettings(new QueueSettings(defaults().hours(), 1, QueueSettings.DEFAULT_BUSY_RATE, QueueSettings.DEFAULT_GRACE));
      admit(intake("a", 10));

      var result = admit(intake("b", 5));

      assertThat(result.replyOfType(Refused.class).reason()).isEqualTo(RefusalReason.FULL);
      assertThat(result.hasNoEvents()).isTrue();
    }

    @Test
    void refusesWhenBusyAndTheThrottleIsSpent() {
      changeSettings(new QueueSettings(
          defaults().hours(), 100, new ThrottleRate(1, Duration.ofMinutes(15)), QueueSettings.DEFAULT_GRACE));
      queue.<Done>runCommand(replyTo -> new StateQueue.SetBusy("surge", "nurse", replyTo));

      assertThat(admit(intake("a", 10)).reply()).isInstanceOf(Admitted.class);
      var result = admit(intake("b", 5));

      assertThat(result.replyOfType(Refused.class).reason()).isEqualTo(RefusalReason.BUSY);
      assertThat(result.hasNoEvents()).isTrue();
    }

    @Test
    void busyThrottleAdmitsAgainOnceTheWindowHasPassed() {
      changeSettings(new QueueSettings(
          defaults().hours(), 100, new ThrottleRate(1, Duration.ofMinutes(15)), QueueSettings.DEFAULT_GRACE));
      queue.<Done>runCommand(replyTo -> new StateQueue.SetBusy("surge", "nurse", replyTo));
      admit(intake("a", 10));

      clock.advance(Duration.ofMinutes(16));

      assertThat(admit(intake("b", 5)).reply()).isInstanceOf(Admitted.class);
    }

    @Test
    void refusesWhenTheEstimatedWaitRunsPastClosing() {
      QueueHours closingSoon = QueueHours.daily(UsState.NY.defaultZone(), LocalTime.of(7, 0), LocalTime.of(12, 10));
      changeSettings(new QueueSettings(closingSoon, 100, QueueSettings.DEFAULT_BUSY_RATE, Duration.ZERO));
      oneProviderAvailable();
      assertThat(admit(intake("a", 10)).reply()).isEqualTo(new Admitted(1, Optional.of(Duration.ZERO)));

      var result = admit(intake("b", 5));

      Refused refused = result.replyOfType(Refused.class);
      assertThat(refused.reason()).isEqualTo(RefusalReason.END_OF_SHIFT);
      assertThat(refused.nextOpening()).contains(NEXT_OPENING);
      assertThat(result.hasNoEvents()).isTrue();
    }

    @Test
    void endOfShiftStillAdmitsAnUrgentPatientWhoWouldBeSeenFirst() {
      QueueHours closingSoon = QueueHours.daily(UsState.NY.defaultZone(), LocalTime.of(7, 0), LocalTime.of(12, 10));
      changeSettings(new QueueSettings(closingSoon, 100, QueueSettings.DEFAULT_BUSY_RATE, Duration.ZERO));
      oneProviderAvailable();
      admit(intake("a", 10));

      assertThat(admit(intake("urgent", 9, NOON)).reply()).isEqualTo(new Admitted(1, Optional.of(Duration.ZERO)));
    }

    @Test
    void aTransferSkipsTheBusyThrottle() {
      changeSettings(new QueueSettings(
          defaults().hours(), 100, new ThrottleRate(1, Duration.ofMinutes(15)), QueueSettings.DEFAULT_GRACE));
      queue.<Done>runCommand(replyTo -> new StateQueue.SetBusy("surge", "nurse", replyTo));
      admit(intake("a", 10));
      assertThat(admit(intake("b", 5)).reply()).isInstanceOf(Refused.class);

      assertThat(transfer(intake("b", 5)).reply()).isEqualTo(new Admitted(2, Optional.empty()));
    }

    @Test
    void aTransferSkipsTheEndOfShiftCheck() {
      QueueHours closingSoon = QueueHours.daily(UsState.NY.defaultZone(), LocalTime.of(7, 0), LocalTime.of(12, 10));
      changeSettings(new QueueSettings(closingSoon, 100, QueueSettings.DEFAULT_BUSY_RATE, Duration.ZERO));
      oneProviderAvailable();
      admit(intake("a", 10));

      assertThat(transfer(intake("b", 5)).reply()).isInstanceOf(Admitted.class);
    }

    @Test
    void aTransferIsStillRefusedByAClosedQueue() {
      setOverride(ManualOverride.CLOSED);

      assertThat(transfer(intake("a", 10)).replyOfType(Refused.class).reason()).isEqualTo(RefusalReason.CLOSED);
    }

    @Test
    void aTransferredVisitKeepsItsRequestTimeAndTakesThisQueuesState() {
      admit(intake("a", 10));
      IntakeDetails fromJersey =
          new IntakeDetails("nj", "patient-nj", "Pat NJ", "rash", 0, UsState.NJ, NOON.minus(Duration.ofMinutes(30)));

      transfer(fromJersey);

      assertThat(queue.getState().waiting().get(0)).isEqualTo(fromJersey.transferredTo(UsState.NY));
    }
  }

  @Test
  void ordersByPriorityThenByRequestTime() {
    admit(intake("old-routine", 0, NOON.minus(Duration.ofMinutes(30))));
    admit(intake("new-routine", 0, NOON.minus(Duration.ofMinutes(5))));
    admit(intake("urgent", 5, NOON));
    admit(intake("older-routine", 0, NOON.minus(Duration.ofMinutes(40))));

    assertThat(waitingIds()).containsExactly("urgent", "older-routine", "old-routine", "new-routine");
    assertThat(place("old-routine").position()).contains(3);
  }

  @Nested
  class ClaimCommand {
    @Test
    void takesTheVisitOutOfTheWaitingList() {
      admit(intake("a", 10));
      admit(intake("b", 5));

      var result = claim("a", "dr-one");

      assertThat(result.reply().getValue()).isEqualTo(intake("a", 10));
      assertThat(result.event()).isEqualTo(new StateQueue.VisitClaimed("a", "dr-one", NOON));
      assertThat(waitingIds()).containsExactly("b");
      assertThat(result.state().claimed()).containsOnlyKeys("a");
      assertThat(place("a")).isEqualTo(new Place(Optional.empty(), Optional.empty(), Optional.of("dr-one")));
    }

    @Test
    void aVisitThatIsNotWaitingCannotBeClaimed() {
      var result = claim("nobody", "dr-one");

      assertThat(EntityTestSupport.refusalOf(result.reply())).isEqualTo(new Refusal(Refusal.Kind.CONFLICT, "visit nobody is not waiting in this queue"));
      assertThat(result.hasNoEvents()).isTrue();
    }

    @Test
    void aVisitAnotherProviderTookCannotBeClaimed() {
      admit(intake("a", 10));
      claim("a", "dr-one");

      var result = claim("a", "dr-two");

      assertThat(EntityTestSupport.refusalOf(result.reply())).isEqualTo(new Refusal(Refusal.Kind.CONFLICT, "visit a is not waiting in this queue"));
      assertThat(result.hasNoEvents()).isTrue();
    }

    @Test
    void theSameProviderClaimingAgainGetsTheVisitAgain() {
      admit(intake("a", 10));
      claim("a", "dr-one");

      var again = claim("a", "dr-one");

      assertThat(again.reply().getValue()).isEqualTo(intake("a", 10));
      assertThat(again.hasNoEvents()).isTrue();
    }
  }

  @Nested
  class PeekForCommand {
    @Test
    void showsTheHeadToAProviderHoldingNothing() {
      admit(intake("a", 10));
      admit(intake("b", 5));

      var peek = queue.<Peek>runCommand(replyTo -> new StateQueue.PeekFor("dr-one", replyTo));

      assertThat(peek.reply()).isEqualTo(new Peek(Optional.empty(), Optional.of(intake("a", 10))));
      assertThat(peek.hasNoEvents()).isTrue();
    }

    @Test
    void showsTheVisitTheProviderHoldsFirst() {
      admit(intake("a", 10));
      admit(intake("b", 5));
      admit(intake("c", 1));
      claim("b", "dr-one");

      Peek mine = queue.<Peek>runCommand(replyTo -> new StateQueue.PeekFor("dr-one", replyTo)).reply();
      Peek theirs = queue.<Peek>runCommand(replyTo -> new StateQueue.PeekFor("dr-two", replyTo)).reply();

      assertThat(mine).isEqualTo(new Peek(Optional.of(intake("b", 5)), Optional.of(intake("a", 10))));
      assertThat(theirs).isEqualTo(new Peek(Optional.empty(), Optional.of(intake("a", 10))));
    }

    @Test
    void showsNothingInAnEmptyQueue() {
      Peek peek = queue.<Peek>runCommand(replyTo -> new StateQueue.PeekFor("dr-one", replyTo)).reply();

      assertThat(peek).isEqualTo(new Peek(Optional.empty(), Optional.empty()));
    }
  }

  @Nested
  class ReturnCommand {
    @Test
    void aReturnedVisitGoesBackToItsOriginalPlace() {
      admit(intake("a", 30));
      admit(intake("b", 20));
      claim("b", "dr-one");
      admit(intake("c", 10));

      var result = queue.<StatusReply<Done>>runCommand(replyTo -> new StateQueue.Return("b", "dr-one", replyTo));

      assertThat(result.reply().isSuccess()).isTrue();
      assertThat(result.event()).isEqualTo(new StateQueue.VisitReturned("b", "dr-one", NOON));
      assertThat(waitingIds()).containsExactly("a", "b", "c");
      assertThat(result.state().claimed()).isEmpty();
    }

    @Test
    void anotherProviderCannotReturnTheVisit() {
      admit(intake("a", 10));
      claim("a", "dr-one");

      var result = queue.<StatusReply<Done>>runCommand(replyTo -> new StateQueue.Return("a", "dr-two", replyTo));

      assertThat(EntityTestSupport.refusalOf(result.reply()).kind()).isEqualTo(Refusal.Kind.CONFLICT);
      assertThat(result.hasNoEvents()).isTrue();
      assertThat(result.state().claimed()).containsOnlyKeys("a");
    }

    @Test
    void returningAVisitThatIsWaitingAgainIsAcknowledged() {
      admit(intake("a", 10));
      claim("a", "dr-one");
      queue.<StatusReply<Done>>runCommand(replyTo -> new StateQueue.Return("a", "dr-one", replyTo));

      var again = queue.<StatusReply<Done>>runCommand(replyTo -> new StateQueue.Return("a", "dr-one", replyTo));

      assertThat(again.reply().isSuccess()).isTrue();
      assertThat(again.hasNoEvents()).isTrue();
    }

    @Test
    void returningAVisitThisQueueDoesNotHoldIsAConflict() {
      var result = queue.<StatusReply<Done>>runCommand(replyTo -> new StateQueue.Return("nobody", "dr-one", replyTo));

      assertThat(EntityTestSupport.refusalOf(result.reply()).kind()).isEqualTo(Refusal.Kind.CONFLICT);
      assertThat(result.hasNoEvents()).isTrue();
    }
  }

  @Nested
  class ReleaseCommand {
    @Test
    void releasesAWaitingVisit() {
      admit(intake("a", 10));
      admit(intake("b", 5));

      var result = queue.<Done>runCommand(replyTo -> new StateQueue.Release("a", Outcome.CANCELLED, replyTo));

      assertThat(result.event()).isEqualTo(new StateQueue.VisitReleased("a", Outcome.CANCELLED, NOON));
      assertThat(waitingIds()).containsExactly("b");
    }

    @Test
    void releasesAClaimedVisit() {
      admit(intake("a", 10));
      claim("a", "dr-one");

      var result = queue.<Done>runCommand(replyTo -> new StateQueue.Release("a", Outcome.STARTED, replyTo));

      assertThat(result.state().claimed()).isEmpty();
      assertThat(result.state().holds("a")).isFalse();
    }

    @Test
    void releasingAgainIsAcknowledgedWithoutPersisting() {
      admit(intake("a", 10));
      queue.<Done>runCommand(replyTo -> new StateQueue.Release("a", Outcome.CANCELLED, replyTo));

      var again = queue.<Done>runCommand(replyTo -> new StateQueue.Release("a", Outcome.CANCELLED, replyTo));

      assertThat(again.reply()).isEqualTo(Done.getInstance());
      assertThat(again.hasNoEvents()).isTrue();
    }
  }

  @Test
  void departuresRecordWhoGaveUpAndWhoWasTaken() {
    admit(intake("a", 10));
    admit(intake("b", 8));
    admit(intake("c", 6));
    claim("a", "dr-one");
    queue.<Done>runCommand(replyTo -> new StateQueue.Release("a", Outcome.CANCELLED, replyTo));
    var result = queue.<Done>runCommand(replyTo -> new StateQueue.Release("b", Outcome.CANCELLED, replyTo));

    // "a" was taken before it was cancelled; only "b" gave up its place in the waiting list.
    assertThat(result.state().recentDepartures()).containsExactly(false, true);
  }

  @Test
  void patientsWhoGaveUpShortenTheEstimateOfThoseBehind() {
    oneProviderAvailable();
    for (int i = 0; i < 4; i++) {
      admit(intake("w" + i, 20 - i));
    }
    admit(intake("x", 10));
    claim("w0", "dr-one");
    queue.<Done>runCommand(replyTo -> new StateQueue.Release("w1", Outcome.CANCELLED, replyTo));

    // Half of those who left gave up, so of the two ahead of "x" one is expected to be seen.
    assertThat(place("x").position()).contains(3);
    assertThat(place("x").estimatedWait()).contains(TYPICAL);
  }

  @Test
  void recordedVisitLengthsReplaceTheDefaultInTheEstimate() {
    oneProviderAvailable();
    admit(intake("a", 10));
    admit(intake("b", 5));
    assertThat(place("b").estimatedWait()).contains(TYPICAL);

    queue.<Done>runCommand(replyTo -> new StateQueue.RecordVisitLength("x", Duration.ofMinutes(20), replyTo));
    var result = queue.<Done>runCommand(replyTo -> new StateQueue.RecordVisitLength("y", Duration.ofMinutes(40), replyTo));

    assertThat(result.event()).isEqualTo(new StateQueue.VisitLengthRecorded("y", Duration.ofMinutes(40), NOON));
    assertThat(place("b").estimatedWait()).contains(Duration.ofMinutes(30));
  }

  @Nested
  class AnnounceProviderCommand {
    @Test
    void aProviderServingTwoStatesCountsAsHalfHere() {
      announce("dr-two-states", 2, true, FAR_FUTURE);
      admit(intake("a", 10));

      assertThat(availability().providersAvailable()).isEqualTo(0.5);
      assertThat(admit(intake("b", 5)).reply()).isEqualTo(new Admitted(2, Optional.of(TYPICAL.multipliedBy(2))));
    }

    @Test
    void providersShareTheQueue() {
      announce("dr-one", 1, true, FAR_FUTURE);
      announce("dr-two-states", 2, true, FAR_FUTURE);

      assertThat(availability().providersAvailable()).isEqualTo(1.5);
    }

    @Test
    void announcingTheSamePresenceAgainPersistsNothing() {
      announce("dr-one", 1, true, FAR_FUTURE);

      assertThat(announce("dr-one", 1, true, FAR_FUTURE).hasNoEvents()).isTrue();
    }

    @Test
    void servingZeroStatesRemovesTheProvider() {
      oneProviderAvailable();
      admit(intake("a", 10));

      var result = announce("dr-one", 0, true, FAR_FUTURE);

      assertThat(result.event()).isEqualTo(new StateQueue.ProviderAnnounced("dr-one", 0, true, FAR_FUTURE, NOON));
      assertThat(result.state().providers()).isEmpty();
      assertThat(availability().estimatedWait()).isEmpty();
    }

    @Test
    void anUnknownProviderServingZeroStatesIsNotRecorded() {
      assertThat(announce("dr-none", 0, true, FAR_FUTURE).hasNoEvents()).isTrue();
    }

    @Test
    void anUnavailableProviderDoesNotCount() {
      announce("dr-one", 1, false, FAR_FUTURE);

      assertThat(availability().providersAvailable()).isZero();
      assertThat(queue.getState().providers()).containsOnlyKeys("dr-one");
    }

    @Test
    void aProviderWhoseLicenseRanOutDoesNotCount() {
      announce("dr-expired", 1, true, NOON.minus(Duration.ofHours(1)));
      announce("dr-until-one", 1, true, NOON.plus(Duration.ofHours(1)));
      assertThat(availability().providersAvailable()).isEqualTo(1.0);

      clock.advance(Duration.ofHours(2));

      assertThat(availability().providersAvailable()).isZero();
      assertThat(availability().estimatedWait()).isEmpty();
    }
  }

  @Nested
  class Queries {
    @Test
    void availabilityOfAnOpenQueue() {
      oneProviderAvailable();
      admit(intake("a", 10));

      assertThat(availability()).isEqualTo(new Availability(
          UsState.NY, true, false, "", true, Optional.empty(), Optional.of(TYPICAL), Optional.of(CLOSING),
          Optional.empty(), 1, 1.0));
    }

    @Test
    void availabilityOfABusyQueueShowsTheMessage() {
      queue.<Done>runCommand(replyTo -> new StateQueue.SetBusy("flu surge", "nurse", replyTo));

      Availability busy = availability();

      assertThat(busy.busy()).isTrue();
      assertThat(busy.busyMessage()).isEqualTo("flu surge");
      assertThat(busy.accepting()).isTrue();
    }

    @Test
    void availabilityOfAClosedQueueShowsTheNextOpening() {
      clock.set(CLOSING.plus(Duration.ofHours(1)));

      Availability closed = availability();

      assertThat(closed.open()).isFalse();
      assertThat(closed.accepting()).isFalse();
      assertThat(closed.refusal()).contains(RefusalReason.CLOSED);
      assertThat(closed.nextOpening()).contains(NEXT_OPENING);
      assertThat(closed.closesAt()).isEmpty();
    }

    @Test
    void theQueueListsWaitingVisitsInOrderWithEstimatesAndTheClaimedOnes() {
      oneProviderAvailable();
      admit(intake("a", 30));
      admit(intake("b", 20));
      admit(intake("c", 10));
      claim("a", "dr-one");

      QueueView view = view();

      assertThat(view.waiting()).containsExactly(
          new StateQueue.WaitingVisit(intake("b", 20), 1, Optional.of(Duration.ZERO)),
          new StateQueue.WaitingVisit(intake("c", 10), 2, Optional.of(TYPICAL)));
      assertThat(view.claimed()).containsExactly(new ClaimedVisit(intake("a", 30), "dr-one", NOON));
      assertThat(view.settings()).isEqualTo(defaults());
      assertThat(view.availability().waiting()).isEqualTo(2);
    }

    @Test
    void anUnknownVisitHasNoPlace() {
      assertThat(place("nobody")).isEqualTo(new Place(Optional.empty(), Optional.empty(), Optional.empty()));
    }
  }

  @Nested
  class BusyStatus {
    @Test
    void markingBusyAgainKeepsWhenItStarted() {
      queue.<Done>runCommand(replyTo -> new StateQueue.SetBusy("surge", "nurse", replyTo));
      clock.advance(Duration.ofMinutes(10));

      var result = queue.<Done>runCommand(replyTo -> new StateQueue.SetBusy("bigger surge", "charge nurse", replyTo));

      assertThat(result.state().busy()).contains(new QueueState.Busy("bigger surge", "charge nurse", NOON));
    }

    @Test
    void clearingBusyIsIdempotent() {
      queue.<Done>runCommand(replyTo -> new StateQueue.SetBusy("surge", "nurse", replyTo));

      var cleared = queue.<Done>runCommand(replyTo -> new StateQueue.ClearBusy("nurse", replyTo));
      var again = queue.<Done>runCommand(replyTo -> new StateQueue.ClearBusy("nurse", replyTo));

      assertThat(cleared.state().busy()).isEmpty();
      assertThat(cleared.hasNoEvents()).isFalse();
      assertThat(again.hasNoEvents()).isTrue();
    }
  }

  @Nested
  class SettingsAndOverride {
    @Test
    void changingSettingsAppliesThem() {
      QueueSettings small = new QueueSettings(defaults().hours(), 3, new ThrottleRate(2, Duration.ofMinutes(5)), Duration.ZERO);

      changeSettings(small);

      assertThat(queue.getState().settings()).isEqualTo(small);
    }

    @Test
    void changingSettingsKeepsTheManualOverride() {
      setOverride(ManualOverride.CLOSED);

      changeSettings(new QueueSettings(defaults().hours(), 3, QueueSettings.DEFAULT_BUSY_RATE, QueueSettings.DEFAULT_GRACE));

      assertThat(queue.getState().settings().capacity()).isEqualTo(3);
      assertThat(queue.getState().settings().hours().override()).isEqualTo(ManualOverride.CLOSED);
      assertThat(admit(intake("a", 1)).replyOfType(Refused.class).reason()).isEqualTo(RefusalReason.CLOSED);
    }

    @Test
    void openingByHandAdmitsOutsideHours() {
      clock.set(CLOSING.plus(Duration.ofHours(1)));

      setOverride(ManualOverride.OPEN);

      assertThat(admit(intake("a", 1)).reply()).isInstanceOf(Admitted.class);
    }

    @Test
    void settingTheSameOverrideAgainPersistsNothing() {
      setOverride(ManualOverride.CLOSED);

      var again = queue.<Done>runCommand(replyTo -> new StateQueue.SetOverride(ManualOverride.CLOSED, "admin", replyTo));

      assertThat(again.hasNoEvents()).isTrue();
    }

    @Test
    void clearingTheOverrideRestoresTheSchedule() {
      setOverride(ManualOverride.CLOSED);

      setOverride(ManualOverride.NONE);

      assertThat(availability().open()).isTrue();
    }
  }

  @Nested
  class Snapshot {
    @Test
    void answersWhatAWritePublishesWithItsSequenceNumber() {
      oneProviderAvailable();
      admit(intake("a", 20));
      admit(intake("b", 10));
      claim("a", "dr-one");

      LiveEvent.QueueChanged snapshot = queue.<LiveEvent.QueueChanged>runCommand(StateQueue.GetSnapshot::new).reply();

      assertThat(snapshot.tenant()).isEqualTo("acme");
      assertThat(snapshot.state()).isEqualTo(UsState.NY);
      assertThat(snapshot.seq()).as("four events").isEqualTo(4);
      assertThat(snapshot.availability()).isEqualTo(availability());
      assertThat(snapshot.waiting()).containsExactly(new LiveEvent.QueuePlace("b", 1, place("b").estimatedWait()));
      assertThat(view().seq()).isEqualTo(4);
    }
  }
}
