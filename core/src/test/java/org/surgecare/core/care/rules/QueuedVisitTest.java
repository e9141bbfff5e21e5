package org.surgecare.core.care.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueuedVisitTest {
  private static final Instant EARLY = Instant.parse("2026-01-05T17:00:00Z");
  private static final Instant LATE = Instant.parse("2026-01-05T17:05:00Z");

  private static List<QueuedVisit> sorted(QueuedVisit... visits) {
    return List.of(visits).stream().sorted(QueuedVisit.ORDER).toList();
  }

  @Test
  void higherPriorityComesFirstEvenIfLater() {
    QueuedVisit urgent = new QueuedVisit("b", 9, LATE);
    QueuedVisit routine = new QueuedVisit("a", 0, EARLY);
    assertThat(sorted(routine, urgent)).containsExactly(urgent, routine);
  }

  @Test
  void samePriorityEarlierRequestFirst() {
    QueuedVisit first = new QueuedVisit("z", 5, EARLY);
    QueuedVisit second = new QueuedVisit("a", 5, LATE);
    assertThat(sorted(second, first)).containsExactly(first, second);
  }

  @Test
  void samePriorityAndTimeOrderedByVisitId() {
    QueuedVisit a = new QueuedVisit("visit-a", 5, EARLY);
    QueuedVisit b = new QueuedVisit("visit-b", 5, EARLY);
    assertThat(sorted(b, a)).containsExactly(a, b);
  }

  @Test
  void fullOrderOfAMixedQueue() {
    QueuedVisit p9 = new QueuedVisit("v4", 9, LATE);
    QueuedVisit p5Early = new QueuedVisit("v3", 5, EARLY);
    QueuedVisit p5LateA = new QueuedVisit("v1", 5, LATE);
    QueuedVisit p5LateB = new QueuedVisit("v2", 5, LATE);
    QueuedVisit p0 = new QueuedVisit("v0", 0, EARLY);
    assertThat(sorted(p0, p5LateB, p9, p5LateA, p5Early)).containsExactly(p9, p5Early, p5LateA, p5LateB, p0);
  }

  @Test
  void identicalVisitsCompareEqual() {
    assertThat(QueuedVisit.ORDER.compare(new QueuedVisit("v", 3, EARLY), new QueuedVisit("v", 3, EARLY))).isZero();
  }

  @Test
  void priorityBoundsAreZeroToNine() {
    assertThat(QueuedVisit.MIN_PRIORITY).isZero();
    assertThat(QueuedVisit.MAX_PRIORITY).isEqualTo(9);
  }
}
