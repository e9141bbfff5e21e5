package org.surgecare.core.care.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.surgecare.core.common.entity.Asks;
import org.surgecare.core.care.Entities;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.common.UsState;

/**
 * The latest state of each queue as this node last heard it, so that patient reads (a state's availability, a
 * waiting visit's place) are answered without asking the queue entity, which holds every read back while it
 * writes. Fed by the live topic every queue publishes to after each write; where it has nothing, or nothing
 * recent enough, it asks the queue for the same snapshot and keeps the answer.
 *
 * <p>What it serves is never older than:
 * <ul>
 *   <li>{@code maxAge} after this node received it (availability depends on the clock: hours, the busy
 *       throttle's window, end of shift), and never past the queue's next opening or closing;
 *   <li>any answer of the queue that already passed through this node ({@link #observed}: a caregiver's change
 *       is read back right away);
 *   <li>a visit's admission: a waiting visit missing from the latest state makes it ask the queue.
 * </ul>
 * Snapshots carry the queue's sequence number, and an older one never replaces a newer one.
 */
public final class LatestQueues {
  private record Key(String tenant, UsState state) {}

  /** A queue's snapshot, when this node got it, and the waiting visits by id. */
  private record Entry(LiveEvent.QueueChanged snapshot, Instant receivedAt, Map<String, LiveEvent.QueuePlace> places) {
    static Entry of(LiveEvent.QueueChanged snapshot, Instant receivedAt) {
      Map<String, LiveEvent.QueuePlace> places = new HashMap<>(snapshot.waiting().size() * 2);
      snapshot.waiting().forEach(p -> places.put(p.visitId(), p));
      return new Entry(snapshot, receivedAt, places);
    }

    long seq() {
      return snapshot.seq();
    }
  }

  private final Entities entities;
  private final Scheduler scheduler;
  private final Clock clock;
  private final Duration maxAge;
  private final ConcurrentHashMap<Key, Entry> latest = new ConcurrentHashMap<>();
  /** The newest sequence number a queue answered through this node; an entry below it is not served. */
  private final ConcurrentHashMap<Key, Long> floors = new ConcurrentHashMap<>();
  /** One ask in flight per queue that stale readers share. */
  private final ConcurrentHashMap<Key, CompletableFuture<Entry>> asking = new ConcurrentHashMap<>();

  public LatestQueues(Entities entities, Scheduler scheduler, Clock clock, Duration maxAge) {
    this.entities = entities;
    this.scheduler = scheduler;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** What the node's subscription to a tenant's live topic runs: keeps each queue's latest snapshot. */
  public Behavior<LiveEvent> subscriber() {
    return Behaviors.receiveMessage(event -> {
      if (event instanceof LiveEvent.QueueChanged changed) {
        offer(changed);
      }
      return Behaviors.same();
    });
  }

  /** A published snapshot; one older than what is held is ignored. */
  public void offer(LiveEvent.QueueChanged snapshot) {
    keep(snapshot, false);
  }

  /** The queue answered this node at {@code seq} (after a change, say): older snapshots are not served here. */
  public void observed(String tenant, UsState state, long seq) {
    floors.merge(new Key(tenant, state), seq, Math::max);
  }

  /** The queue's availability now. */
  public CompletionStage<StateQueue.Availability> availability(String tenant, UsState state) {
    Key key = new Key(tenant, state);
    Entry entry = latest.get(key);
    long floor = floor(key);
    if (entry != null && fresh(entry, floor)) {
      return CompletableFuture.completedFuture(entry.snapshot().availability());
    }
    return refreshed(key, floor).thenApply(e -> e.snapshot().availability());
  }

  /**
   * A waiting visit's place (position and estimate), or empty when the queue does not hold it waiting (it was
   * claimed, released, or never admitted). Call it for a visit whose record says it waits in this state.
   */
  public CompletionStage<Optional<LiveEvent.QueuePlace>> place(String tenant, UsState state, String visitId) {
    Key key = new Key(tenant, state);
    Entry entry = latest.get(key);
    long floor = floor(key);
    if (entry != null && fresh(entry, floor)) {
      LiveEvent.QueuePlace place = entry.places().get(visitId);
      if (place != null) {
        return CompletableFuture.completedFuture(Optional.of(place));
      }
      // Admitted after that snapshot was published, or gone since: only the queue knows which.
      return ask(key).thenApply(e -> Optional.ofNullable(e.places().get(visitId)));
    }
    return refreshed(key, floor).thenCompose(e -> {
      LiveEvent.QueuePlace place = e.places().get(visitId);
      // A shared ask may have left before this visit was admitted: missing from it proves nothing.
      return place != null
          ? CompletableFuture.completedFuture(Optional.of(place))
          : ask(key).thenApply(asked -> Optional.ofNullable(asked.places().get(visitId)));
    });
  }

  private long floor(Key key) {
    return floors.getOrDefault(key, Long.MIN_VALUE);
  }

  private boolean fresh(Entry entry, long floor) {
    Instant now = clock.instant();
    StateQueue.Availability availability = entry.snapshot().availability();
    return entry.seq() >= floor
        && !now.isBefore(entry.receivedAt())
        && now.isBefore(entry.receivedAt().plus(maxAge))
        && availability.closesAt().map(now::isBefore).orElse(true)
        && availability.nextOpening().map(now::isBefore).orElse(true);
  }

  /** A snapshot of at least {@code floor}, from an ask already under way when there is one. */
  private CompletionStage<Entry> refreshed(Key key, long floor) {
    CompletableFuture<Entry> underWay = asking.get(key);
    if (underWay == null) {
      return ask(key);
    }
    return underWay.thenCompose(e -> e.seq() >= floor ? CompletableFuture.completedFuture(e) : ask(key));
  }

  /** Asks the queue for its snapshot now and keeps the answer; later stale readers share this ask. */
  private CompletionStage<Entry> ask(Key key) {
    CompletableFuture<Entry> asked = new CompletableFuture<>();
    asking.put(key, asked);
    Asks.<StateQueue.Command, LiveEvent.QueueChanged>ask(entities.queue(key.tenant(), key.state()), StateQueue.GetSnapshot::new, scheduler)
        .whenComplete((snapshot, failure) -> {
          asking.remove(key, asked);
          if (failure != null) {
            asked.completeExceptionally(failure);
          } else {
            asked.complete(keep(snapshot, true));
          }
        });
    return asked;
  }

  /**
   * Keeps a snapshot unless a newer one is held, and returns what is held afterwards. An answer to an ask
   * replaces a published snapshot of the same sequence number: it was computed later.
   */
  private Entry keep(LiveEvent.QueueChanged snapshot, boolean asked) {
    // The index of places is built only for a snapshot that is kept (every node receives every queue change).
    return latest.compute(new Key(snapshot.tenant(), snapshot.state()), (key, held) ->
        held == null || snapshot.seq() > held.seq() || (asked && snapshot.seq() == held.seq())
            ? Entry.of(snapshot, clock.instant())
            : held);
  }
}
