package org.surgecare.core.care.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.surgecare.core.care.live.LiveEvent;
import org.surgecare.core.care.queue.QueueState.ClaimedVisit;
import org.surgecare.core.care.queue.StateQueue.Availability;
import org.surgecare.core.care.queue.StateQueue.Place;
import org.surgecare.core.care.queue.StateQueue.QueueView;
import org.surgecare.core.care.queue.StateQueue.WaitingVisit;
import org.surgecare.core.care.rules.WaitEstimator;
import org.surgecare.core.care.visit.IntakeDetails;

/** What the state queue answers its readers, computed from its state at a moment; it changes nothing. */
final class QueueViews {
  private QueueViews() {}

  static Availability availability(QueueState s, Instant now) {
    return QueueStatus.availability(
        s.state(), s.settings(), s.busy(), s.waiting().size(), s.recentAdmissions(), s.providerCapacity(now),
        WaitEstimator.typicalVisit(s.recentVisitLengths()), WaitEstimator.giveUpShare(s.recentDepartures()), now);
  }

  static Place place(QueueState s, String visitId, Instant now) {
    Optional<Integer> position = s.positionOf(visitId);
    Optional<Duration> estimate = position.flatMap(p -> s.estimate(p - 1, now));
    Optional<String> claimedBy = Optional.ofNullable(s.claimed().get(visitId)).map(ClaimedVisit::providerId);
    return new Place(position, estimate, claimedBy);
  }

  static QueueView view(QueueState s, long seq, Instant now) {
    List<IntakeDetails> waiting = s.waiting();
    List<WaitingVisit> rows =
        IntStream.range(0, waiting.size())
            .mapToObj(i -> new WaitingVisit(waiting.get(i), i + 1, s.estimate(i, now)))
            .toList();
    List<ClaimedVisit> claimed =
        s.claimed().values().stream().sorted((a, b) -> a.at().compareTo(b.at())).toList();
    return new QueueView(availability(s, now), s.settings(), s.busy(), rows, claimed, seq);
  }

  /** The queue as every write publishes it: availability and each waiting visit's place. */
  static LiveEvent.QueueChanged snapshot(String tenant, QueueState s, long seq, Instant now) {
    List<IntakeDetails> waiting = s.waiting();
    List<LiveEvent.QueuePlace> places = IntStream.range(0, waiting.size())
        .mapToObj(i -> new LiveEvent.QueuePlace(waiting.get(i).visitId(), i + 1, s.estimate(i, now)))
        .toList();
    Optional<Instant> longestWaitingSince = waiting.stream().map(IntakeDetails::requestedAt).min(Instant::compareTo);
    return new LiveEvent.QueueChanged(tenant, s.state(), seq, availability(s, now), longestWaitingSince, places, now);
  }
}
