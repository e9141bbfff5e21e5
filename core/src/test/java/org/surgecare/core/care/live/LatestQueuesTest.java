package org.surgecare.core.care.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.surgecare.core.care.Entities;
import org.surgecare.core.common.entity.EntityTestSupport;
import org.surgecare.core.common.TestClock;
import org.surgecare.core.care.caregiver.Caregiver;
import org.surgecare.core.care.patient.PatientVisits;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.visit.Visit;

/** Patient reads from the latest published queue state, and when they must ask the queue instead. */
class LatestQueuesTest {
  static final String TENANT = "acme";
  static final Instant NOW = Instant.parse("2026-03-02T17:00:00Z");
  static final Duration MAX_AGE = Duration.ofSeconds(1);

  private static ActorTestKit testKit;
  /** What the stand-in queue answers, and how often it was asked. */
  private final AtomicReference<LiveEvent.QueueChanged> current = new AtomicReference<>();
  private final AtomicInteger asked = new AtomicInteger();
  private TestClock clock;
  private LatestQueues latest;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create(EntityTestSupport.config());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void queue() {
    clock = new TestClock(NOW);
    ActorRef<StateQueue.Command> queue = testKit.spawn(Behaviors.receiveMessage(command -> {
      if (command instanceof StateQueue.GetSnapshot get) {
        asked.incrementAndGet();
        get.replyTo().tell(current.get());
      }
      return Behaviors.same();
    }));
    latest = new LatestQueues(new OneQueue(queue), testKit.system().scheduler(), clock, MAX_AGE);
  }

  /** Only the queue under test exists. */
  private record OneQueue(ActorRef<StateQueue.Command> queue) implements Entities {
    @Override
    public RecipientRef<StateQueue.Command> queue(String tenant, UsState state) {
      return queue;
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

  private static StateQueue.Availability availability(int waiting, Optional<Instant> closesAt) {
    return new StateQueue.Availability(
        UsState.WA, true, false, "", true, Optional.empty(), Optional.of(Duration.ofMinutes(10L * waiting)),
        closesAt, Optional.empty(), waiting, 1.0);
  }

  /** A snapshot at {@code seq} with the visits waiting in this order. */
  private static LiveEvent.QueueChanged snapshot(long seq, String... waiting) {
    return snapshot(seq, Optional.empty(), waiting);
  }

  private static LiveEvent.QueueChanged snapshot(long seq, Optional<Instant> closesAt, String... waiting) {
    List<LiveEvent.QueuePlace> places = new java.util.ArrayList<>();
    for (int i = 0; i < waiting.length; i++) {
      places.add(new LiveEvent.QueuePlace(waiting[i], i + 1, Optional.of(Duration.ofMinutes(10L * i))));
    }
    return new LiveEvent.QueueChanged(TENANT, UsState.WA, seq, availability(waiting.length, closesAt), Optional.of(NOW), places, NOW);
  }

  private static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private int waiting() {
    return join(latest.availability(TENANT, UsState.WA)).waiting();
  }

  private Optional<Integer> position(String visitId) {
    return join(latest.place(TENANT, UsState.WA, visitId)).map(LiveEvent.QueuePlace::position);
  }

  @Test
  void aPublishedStateIsServedWithoutAskingTheQueue() {
    latest.offer(snapshot(3, "v1", "v2"));

    assertThat(waiting()).isEqualTo(2);
    assertThat(position("v2")).contains(2);
    assertThat(asked).hasValue(0);
  }

  @Test
  void withNothingPublishedItAsksTheQueueAndKeepsTheAnswer() {
    current.set(snapshot(5, "v1"));

    assertThat(waiting()).isEqualTo(1);
    assertThat(position("v1")).contains(1);
    assertThat(asked).hasValue(1);
  }

  @Test
  void aStateOlderThanTheBoundIsAskedForAgain() {
    latest.offer(snapshot(3, "v1"));
    current.set(snapshot(3, "v1"));

    clock.advance(MAX_AGE.minusMillis(1));
    assertThat(waiting()).isEqualTo(1);
    assertThat(asked).hasValue(0);

    clock.advance(Duration.ofMillis(1));
    assertThat(waiting()).isEqualTo(1);
    assertThat(asked).as("the answer replaced the old state").hasValue(1);
    assertThat(waiting()).isEqualTo(1);
    assertThat(asked).hasValue(1);
  }

  @Test
  void aStateIsNotServedPastTheQueuesClosingTime() {
    Instant closes = NOW.plusMillis(500);
    latest.offer(snapshot(3, Optional.of(closes), "v1"));
    current.set(snapshot(3, Optional.empty(), "v1"));

    clock.set(closes);

    waiting();
    assertThat(asked).hasValue(1);
  }

  @Test
  void anOlderStateNeverReplacesANewerOne() {
    latest.offer(snapshot(7, "v1"));
    latest.offer(snapshot(6, "v1", "v2"));

    assertThat(waiting()).isEqualTo(1);
    assertThat(asked).hasValue(0);
  }

  @Test
  void aWaitingVisitMissingFromTheLatestStateIsAskedFor() {
    latest.offer(snapshot(3, "v1"));
    current.set(snapshot(4, "v1", "v2"));

    assertThat(position("v2")).as("admitted after the published state").contains(2);
    assertThat(asked).hasValue(1);
    assertThat(waiting()).as("the answer is kept").isEqualTo(2);
    assertThat(asked).hasValue(1);
  }

  @Test
  void aVisitTheQueueDoesNotHoldHasNoPlace() {
    latest.offer(snapshot(3, "v1"));
    current.set(snapshot(4, "v1"));

    assertThat(position("claimed")).isEmpty();
    assertThat(asked).hasValue(1);
  }

  @Test
  void afterTheQueueAnsweredThroughThisNodeAnOlderStateIsNotServed() {
    latest.offer(snapshot(3, "v1", "v2"));
    current.set(snapshot(5, "v1"));

    latest.observed(TENANT, UsState.WA, 5);

    assertThat(waiting()).isEqualTo(1);
    assertThat(position("v2")).isEmpty();
    assertThat(asked).as("once for the newer state, once more for the visit it no longer lists").hasValue(2);
  }

  @Test
  void aPublishedStateAfterAnAnswerIsServedAgain() {
    current.set(snapshot(5, "v1"));
    assertThat(waiting()).isEqualTo(1);

    latest.offer(snapshot(6, "v1", "v2"));

    assertThat(position("v2")).contains(2);
    assertThat(asked).hasValue(1);
  }
}
