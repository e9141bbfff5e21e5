package org.surgecare.core.care.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.surgecare.core.care.live.LiveFeed;
import org.surgecare.core.common.entity.EntityTestSupport;
import org.surgecare.core.common.TestClock;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.visit.IntakeDetails;

/** Admissions that arrive together are written together, and every patient still gets an exact place. */
class StateQueueBatchingTest {
  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create(EntityTestSupport.config());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void aBurstOfAdmissionsGetsDistinctPlacesInArrivalOrder() {
    TestClock clock = new TestClock(Instant.parse("2026-03-02T17:00:00Z"));
    ActorRef<StateQueue.Command> queue = testKit.spawn(StateQueue.create(StateQueue.entityId("burst", UsState.TX), clock, LiveFeed.NONE));
    TestProbe<StateQueue.AdmitReply> probe = testKit.createTestProbe();
    int patients = 200;
    for (int i = 0; i < patients; i++) {
      Instant requested = clock.instant().plusMillis(i);
      queue.tell(new StateQueue.Admit(
          new IntakeDetails("visit-" + i, "patient-" + i, "Patient " + i, "cough", 0, UsState.TX, requested), false, probe.getRef()));
    }
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < patients; i++) {
      StateQueue.AdmitReply reply = probe.receiveMessage(Duration.ofSeconds(10));
      assertThat(reply).isInstanceOf(StateQueue.Admitted.class);
      positions.add(((StateQueue.Admitted) reply).position());
    }
    Set<Integer> distinct = new HashSet<>(positions);
    assertThat(distinct).hasSize(patients);
    assertThat(distinct).allMatch(p -> p >= 1 && p <= patients);

    TestProbe<StateQueue.QueueView> view = testKit.createTestProbe();
    queue.tell(new StateQueue.GetQueue(view.getRef()));
    List<StateQueue.WaitingVisit> waiting = view.receiveMessage().waiting();
    assertThat(waiting).hasSize(patients);
    assertThat(waiting.get(0).visit().visitId()).isEqualTo("visit-0");
    assertThat(waiting.get(patients - 1).visit().visitId()).isEqualTo("visit-" + (patients - 1));
  }

  @Test
  void aBurstBeyondTheCapIsRefusedPastIt() {
    TestClock clock = new TestClock(Instant.parse("2026-03-02T17:00:00Z"));
    ActorRef<StateQueue.Command> queue = testKit.spawn(StateQueue.create(StateQueue.entityId("capped", UsState.TX), clock, LiveFeed.NONE));
    TestProbe<org.apache.pekko.Done> done = testKit.createTestProbe();
    var allDay = org.surgecare.core.care.rules.QueueHours.allDay(UsState.TX.defaultZone());
    queue.tell(new StateQueue.ChangeSettings(
        new org.surgecare.core.care.rules.QueueSettings(allDay, 10, org.surgecare.core.care.rules.QueueSettings.DEFAULT_BUSY_RATE,
            org.surgecare.core.care.rules.QueueSettings.DEFAULT_GRACE),
        "admin", done.getRef()));
    done.receiveMessage();
    TestProbe<StateQueue.AdmitReply> probe = testKit.createTestProbe();
    for (int i = 0; i < 25; i++) {
      queue.tell(new StateQueue.Admit(
          new IntakeDetails("capped-" + i, "p-" + i, "P", "cough", 0, UsState.TX, clock.instant()), false, probe.getRef()));
    }
    int admitted = 0;
    int full = 0;
    for (int i = 0; i < 25; i++) {
      StateQueue.AdmitReply reply = probe.receiveMessage(Duration.ofSeconds(10));
      if (reply instanceof StateQueue.Admitted) {
        admitted++;
      } else if (reply instanceof StateQueue.Refused refused && refused.reason() == org.surgecare.core.care.rules.RefusalReason.FULL) {
        full++;
      }
    }
    assertThat(admitted).isEqualTo(10);
    assertThat(full).isEqualTo(15);
  }
}
