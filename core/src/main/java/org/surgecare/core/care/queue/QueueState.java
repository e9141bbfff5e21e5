package org.surgecare.core.care.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.surgecare.core.common.JsonSerializable;
import org.surgecare.core.care.rules.Admission;
import org.surgecare.core.care.rules.AdmissionDecision;
import org.surgecare.core.care.rules.ManualOverride;
import org.surgecare.core.care.rules.QueueSettings;
import org.surgecare.core.care.rules.QueuedVisit;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.rules.WaitEstimator;
import org.surgecare.core.care.visit.IntakeDetails;

/**
 * Everything a state queue knows, derived only from its events: settings, busy status, the waiting visits in
 * dispatch order, the visits claimed by providers but not yet started, the providers who serve the state, and
 * the recent admissions, visit lengths and departures from the waiting list the throttle and the wait estimate
 * use. Immutable: every change returns a new state.
 */
public record QueueState(
    UsState state,
    QueueSettings settings,
    Optional<Busy> busy,
    List<IntakeDetails> waiting,
    Map<String, ClaimedVisit> claimed,
    Map<String, ProviderPresence> providers,
    List<Instant> recentAdmissions,
    List<Duration> recentVisitLengths,
    List<Boolean> recentDepartures)
    implements JsonSerializable {

  /** Why and since when caregivers marked the state busy. */
  public record Busy(String message, String by, Instant since) implements JsonSerializable {}

  /** A visit a provider took from the queue; it keeps its intake details to return to its place on unassign. */
  public record ClaimedVisit(IntakeDetails visit, String providerId, Instant at) implements JsonSerializable {}

  /**
   * A provider who serves this state: how many states they serve in all (their share here is one over that),
   * whether they are taking patients, and until when their license lets them practise here.
   */
  public record ProviderPresence(String caregiverId, int statesServed, boolean available, Instant practiceUntil)
      implements JsonSerializable {
    boolean counts(Instant now) {
      return available && practiceUntil.isAfter(now);
    }
  }

  public QueueState {
    waiting = List.copyOf(waiting);
    claimed = Map.copyOf(claimed);
    providers = Map.copyOf(providers);
    recentAdmissions = List.copyOf(recentAdmissions);
    recentVisitLengths = List.copyOf(recentVisitLengths);
    // Snapshots written before departures were kept have none.
    recentDepartures = recentDepartures == null ? List.of() : List.copyOf(recentDepartures);
  }

  public static QueueState initial(UsState state) {
    return new QueueState(
        state, QueueSettings.defaults(state.defaultZone()), Optional.empty(), List.of(), Map.of(), Map.of(), List.of(), List.of(), List.of());
  }

  // ---- reading

  public Optional<Integer> positionOf(String visitId) {
    for (int i = 0; i < waiting.size(); i++) {
      if (waiting.get(i).visitId().equals(visitId)) {
        return Optional.of(i + 1);
      }
    }
    return Optional.empty();
  }

  public Optional<IntakeDetails> head() {
    return waiting.isEmpty() ? Optional.empty() : Optional.of(waiting.get(0));
  }

  public Optional<ClaimedVisit> heldBy(String providerId) {
    return claimed.values().stream()
        .filter(c -> c.providerId().equals(providerId))
        .min((a, b) -> a.at().compareTo(b.at()));
  }

  public double providerCapacity(Instant now) {
    return WaitEstimator.capacity(
        providers.values().stream().filter(p -> p.counts(now)).map(ProviderPresence::statesServed).toList());
  }

  /** The estimated wait of a patient with {@code ahead} patients before them. */
  public Optional<Duration> estimate(int ahead, Instant now) {
    return WaitEstimator.estimate(ahead, providerCapacity(now), WaitEstimator.typicalVisit(recentVisitLengths),
        WaitEstimator.giveUpShare(recentDepartures));
  }

  /** How many waiting patients a newly arriving patient of this priority would queue behind. */
  public int aheadOfNew(int priority) {
    return (int) waiting.stream().filter(w -> w.priority() >= priority).count();
  }

  public AdmissionDecision admission(int priority, Instant now) {
    return Admission.decide(
        settings,
        waiting.size(),
        busy.map(Busy::since),
        recentAdmissions,
        estimate(aheadOfNew(priority), now),
        now);
  }

  /** A transfer by staff only needs the receiving queue open and not full: the patient already waited. */
  public AdmissionDecision transferAdmission(Instant now) {
    return Admission.decide(settings, waiting.size(), Optional.empty(), List.of(), Optional.empty(), now);
  }

  public boolean holds(String visitId) {
    return claimed.containsKey(visitId) || positionOf(visitId).isPresent();
  }

  // ---- changing (called by the event handler only)

  QueueState withQueued(IntakeDetails visit, Instant at) {
    List<IntakeDetails> more = new ArrayList<>(waiting);
    int index = insertionPoint(visit);
    more.add(index, visit);
    List<Instant> admissions = new ArrayList<>();
    Instant keepFrom = at.minus(settings.busyRate().per());
    for (Instant admitted : recentAdmissions) {
      if (!admitted.isBefore(keepFrom)) {
        admissions.add(admitted);
      }
    }
    admissions.add(at);
    return new QueueState(state, settings, busy, more, claimed, providers, admissions, recentVisitLengths, recentDepartures);
  }

  QueueState withClaimed(String visitId, String providerId, Instant at) {
    Optional<IntakeDetails> visit = waiting.stream().filter(w -> w.visitId().equals(visitId)).findFirst();
    if (visit.isEmpty()) {
      return this;
    }
    List<IntakeDetails> rest = waiting.stream().filter(w -> !w.visitId().equals(visitId)).toList();
    Map<String, ClaimedVisit> moreClaimed = new HashMap<>(claimed);
    moreClaimed.put(visitId, new ClaimedVisit(visit.get(), providerId, at));
    return new QueueState(
        state, settings, busy, rest, moreClaimed, providers, recentAdmissions, recentVisitLengths, departed(false));
  }

  QueueState withReturned(String visitId) {
    ClaimedVisit back = claimed.get(visitId);
    if (back == null) {
      return this;
    }
    Map<String, ClaimedVisit> lessClaimed = new HashMap<>(claimed);
    lessClaimed.remove(visitId);
    List<IntakeDetails> more = new ArrayList<>(waiting);
    more.add(insertionPoint(back.visit()), back.visit());
    return new QueueState(state, settings, busy, more, lessClaimed, providers, recentAdmissions, recentVisitLengths, recentDepartures);
  }

  QueueState withReleased(String visitId, StateQueue.Outcome outcome) {
    Map<String, ClaimedVisit> lessClaimed = new HashMap<>(claimed);
    lessClaimed.remove(visitId);
    List<IntakeDetails> rest = waiting.stream().filter(w -> !w.visitId().equals(visitId)).toList();
    // A patient who leaves the waiting list without a provider takes nobody's time: the estimate counts them.
    boolean gaveUp = rest.size() < waiting.size() && gaveUp(outcome);
    return new QueueState(state, settings, busy, rest, lessClaimed, providers, recentAdmissions, recentVisitLengths,
        gaveUp ? departed(true) : recentDepartures);
  }

  /** Whether a visit released with this outcome, while it waited, gave up its place. */
  public static boolean gaveUp(StateQueue.Outcome outcome) {
    return outcome == StateQueue.Outcome.CANCELLED || outcome == StateQueue.Outcome.TRANSFERRED;
  }

  private List<Boolean> departed(boolean gaveUp) {
    List<Boolean> more = new ArrayList<>(recentDepartures);
    more.add(gaveUp);
    return more.subList(Math.max(0, more.size() - WaitEstimator.RECENT_DEPARTURES), more.size());
  }

  QueueState withVisitLength(Duration length) {
    List<Duration> lengths = new ArrayList<>(recentVisitLengths);
    lengths.add(length);
    int drop = Math.max(0, lengths.size() - WaitEstimator.RECENT_VISITS);
    return new QueueState(
        state, settings, busy, waiting, claimed, providers, recentAdmissions, lengths.subList(drop, lengths.size()), recentDepartures);
  }

  QueueState withBusy(Optional<Busy> newBusy) {
    return new QueueState(state, settings, newBusy, waiting, claimed, providers, recentAdmissions, recentVisitLengths, recentDepartures);
  }

  QueueState withSettings(QueueSettings newSettings) {
    return new QueueState(state, newSettings, busy, waiting, claimed, providers, recentAdmissions, recentVisitLengths, recentDepartures);
  }

  QueueState withOverride(ManualOverride override) {
    return withSettings(settings.withHours(settings.hours().withOverride(override)));
  }

  QueueState withProvider(ProviderPresence presence) {
    Map<String, ProviderPresence> more = new HashMap<>(providers);
    if (presence.statesServed() <= 0) {
      more.remove(presence.caregiverId());
    } else {
      more.put(presence.caregiverId(), presence);
    }
    return new QueueState(state, settings, busy, waiting, claimed, more, recentAdmissions, recentVisitLengths, recentDepartures);
  }

  private int insertionPoint(IntakeDetails visit) {
    QueuedVisit place = visit.place();
    int index = 0;
    while (index < waiting.size() && QueuedVisit.ORDER.compare(waiting.get(index).place(), place) < 0) {
      index++;
    }
    return index;
  }
}
