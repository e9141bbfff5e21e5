package org.surgecare.core.care.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.surgecare.core.care.rules.DispatchPolicy.Candidate;
import org.surgecare.core.common.UsState;

class DispatchPolicyTest {
  private static final Instant EARLY = Instant.parse("2026-01-05T17:00:00Z");
  private static final Instant LATE = Instant.parse("2026-01-05T17:05:00Z");

  @Test
  void noCandidatesGivesNothing() {
    assertThat(DispatchPolicy.choose(List.of())).isEmpty();
  }

  @Test
  void noHeadsByStateGivesNothing() {
    assertThat(DispatchPolicy.choose(Map.of())).isEmpty();
  }

  @Test
  void singleCandidateIsChosen() {
    Candidate only = new Candidate(UsState.TX, new QueuedVisit("v", 0, EARLY));
    assertThat(DispatchPolicy.choose(List.of(only))).contains(only);
  }

  @Test
  void higherPriorityWinsAcrossStates() {
    Candidate routine = new Candidate(UsState.CA, new QueuedVisit("a", 1, EARLY));
    Candidate urgent = new Candidate(UsState.NY, new QueuedVisit("b", 8, LATE));
    assertThat(DispatchPolicy.choose(List.of(routine, urgent))).contains(urgent);
  }

  @Test
  void samePriorityLongestWaitingWins() {
    Candidate later = new Candidate(UsState.CA, new QueuedVisit("a", 4, LATE));
    Candidate earlier = new Candidate(UsState.NY, new QueuedVisit("b", 4, EARLY));
    assertThat(DispatchPolicy.choose(List.of(later, earlier))).contains(earlier);
  }

  @Test
  void samePriorityAndTimeLowerVisitIdWins() {
    Candidate b = new Candidate(UsState.CA, new QueuedVisit("visit-b", 4, EARLY));
    Candidate a = new Candidate(UsState.NY, new QueuedVisit("visit-a", 4, EARLY));
    assertThat(DispatchPolicy.choose(List.of(b, a))).contains(a);
  }

  @Test
  void identicalHeadsAreBrokenByState() {
    QueuedVisit head = new QueuedVisit("v", 4, EARLY);
    Candidate newYork = new Candidate(UsState.NY, head);
    Candidate california = new Candidate(UsState.CA, head);
    assertThat(DispatchPolicy.choose(List.of(newYork, california))).contains(california);
    assertThat(DispatchPolicy.choose(List.of(california, newYork))).contains(california);
  }

  @Test
  void stateTieBreakFollowsTheEnumDeclarationOrder() {
    QueuedVisit head = new QueuedVisit("v", 4, EARLY);
    Candidate delaware = new Candidate(UsState.DE, head);
    Candidate districtOfColumbia = new Candidate(UsState.DC, head);
    assertThat(DispatchPolicy.choose(List.of(districtOfColumbia, delaware))).contains(delaware);
  }

  @Test
  void choosingFromAMapFollowsTheSameOrder() {
    Map<UsState, QueuedVisit> heads = new EnumMap<>(UsState.class);
    heads.put(UsState.AZ, new QueuedVisit("a", 2, EARLY));
    heads.put(UsState.WA, new QueuedVisit("b", 2, EARLY.minusSeconds(1)));
    heads.put(UsState.OR, new QueuedVisit("c", 1, EARLY.minusSeconds(60)));
    assertThat(DispatchPolicy.choose(heads)).contains(new Candidate(UsState.WA, heads.get(UsState.WA)));
  }

  @Test
  void choosingFromAMapBreaksTiesByState() {
    QueuedVisit head = new QueuedVisit("v", 4, EARLY);
    assertThat(DispatchPolicy.choose(Map.of(UsState.WA, head, UsState.AZ, head)))
        .contains(new Candidate(UsState.AZ, head));
  }
}
