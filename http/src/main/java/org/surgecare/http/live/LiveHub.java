package org.surgecare.http.live;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.surgecare.core.care.live.LiveEvent;
import org.surgecare.core.care.visit.VisitState.VisitRecord;
import org.surgecare.core.common.UsState;
import org.surgecare.http.ApiContext;
import org.surgecare.http.care.Views;

/**
 * The node's one subscriber to a tenant's live events, on behalf of all its live sockets of that tenant. Each
 * event is received once per node, not once per socket, and goes only to the sockets that watch its state or
 * visit (found by index, not by asking every socket); what caregivers see of it is rendered to JSON once for all
 * of them. With thousands of waiting patients connected, this keeps the cost of a queue change proportional to
 * the patients whose place changed.
 */
public final class LiveHub extends AbstractBehavior<LiveHub.Command> {

  public sealed interface Command {}

  /** A caregiver's socket watches these states from now on (an empty set stops watching). */
  public record WatchStates(ActorRef<LiveSession.Input> session, Set<UsState> states) implements Command {}

  /** A socket watches this visit from now on, in place of any visit it watched before. */
  public record WatchVisit(ActorRef<LiveSession.Input> session, String visitId) implements Command {}

  /** The socket is gone. */
  public record Leave(ActorRef<LiveSession.Input> session) implements Command {}

  private record Event(LiveEvent event) implements Command {}

  public static Behavior<Command> create(ApiContext api, String tenant) {
    return Behaviors.setup(context -> new LiveHub(context, api, tenant));
  }

  private final ApiContext api;
  private final String tenant;
  private final ActorRef<LiveEvent> events;
  private final Map<UsState, Set<ActorRef<LiveSession.Input>>> byState = new EnumMap<>(UsState.class);
  private final Map<ActorRef<LiveSession.Input>, Set<UsState>> statesOf = new HashMap<>();
  private final Map<String, Set<ActorRef<LiveSession.Input>>> byVisit = new HashMap<>();
  private final Map<ActorRef<LiveSession.Input>, String> visitOf = new HashMap<>();

  private LiveHub(ActorContext<Command> context, ApiContext api, String tenant) {
    super(context);
    this.api = api;
    this.tenant = tenant;
    this.events = context.messageAdapter(LiveEvent.class, Event::new);
    api.live().subscribe(tenant, events);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(WatchStates.class, this::onWatchStates)
        .onMessage(WatchVisit.class, this::onWatchVisit)
        .onMessage(Leave.class, this::onLeave)
        .onMessage(Event.class, e -> {
          deliver(e.event());
          return this;
        })
        .onSignal(PostStop.class, s -> {
          api.live().unsubscribe(tenant, events);
          return this;
        })
        .build();
  }

  private Behavior<Command> onWatchStates(WatchStates w) {
    watch(w.session());
    Set<UsState> before = statesOf.remove(w.session());
    if (before != null) {
      before.forEach(state -> remove(byState, state, w.session()));
    }
    if (!w.states().isEmpty()) {
      statesOf.put(w.session(), Set.copyOf(w.states()));
      w.states().forEach(state -> byState.computeIfAbsent(state, s -> new HashSet<>()).add(w.session()));
    }
    return this;
  }

  private Behavior<Command> onWatchVisit(WatchVisit w) {
    watch(w.session());
    String before = visitOf.put(w.session(), w.visitId());
    if (before != null) {
      remove(byVisit, before, w.session());
    }
    byVisit.computeIfAbsent(w.visitId(), v -> new HashSet<>()).add(w.session());
    return this;
  }

  private Behavior<Command> onLeave(Leave leave) {
    Set<UsState> states = statesOf.remove(leave.session());
    if (states != null) {
      states.forEach(state -> remove(byState, state, leave.session()));
    }
    String visit = visitOf.remove(leave.session());
    if (visit != null) {
      remove(byVisit, visit, leave.session());
    }
    return this;
  }

  private void watch(ActorRef<LiveSession.Input> session) {
    if (!statesOf.containsKey(session) && !visitOf.containsKey(session)) {
      getContext().watchWith(session, new Leave(session));
    }
  }

  private static <K> void remove(Map<K, Set<ActorRef<LiveSession.Input>>> index, K key, ActorRef<LiveSession.Input> session) {
    Set<ActorRef<LiveSession.Input>> sessions = index.get(key);
    if (sessions != null && sessions.remove(session) && sessions.isEmpty()) {
      index.remove(key);
    }
  }

  private void deliver(LiveEvent event) {
    if (event instanceof LiveEvent.QueueChanged q) {
      onQueueChanged(q);
    } else if (event instanceof LiveEvent.VisitChanged v) {
      onVisitChanged(v);
    }
  }

  private void onQueueChanged(LiveEvent.QueueChanged q) {
    Set<ActorRef<LiveSession.Input>> watchers = byState.get(q.state());
    if (watchers != null) {
      Optional<Long> longest = q.longestWaitingSince().map(since -> Duration.between(since, api.clock().instant()).toSeconds());
      Map<String, Object> queue = new LinkedHashMap<>();
      queue.put("type", "queue");
      queue.put("state", q.state().name());
      queue.put("seq", q.seq());
      queue.put("queue", Views.dashboardQueue(q.availability(), longest, q.seq()));
      queue.put("waiting", q.waiting().stream()
          .map(p -> new Views.PlaceView(p.visitId(), p.position(), Views.seconds(p.estimatedWait())))
          .toList());
      LiveSession.Rendered message = LiveSession.rendered(LiveSession.withPersistedAt(queue, q.persistedAt()));
      watchers.forEach(session -> session.tell(message));
    }
    if (byVisit.isEmpty()) {
      return;
    }
    for (LiveEvent.QueuePlace place : q.waiting()) {
      Set<ActorRef<LiveSession.Input>> patients = byVisit.get(place.visitId());
      if (patients != null) {
        LiveSession.PlaceChanged changed = new LiveSession.PlaceChanged(
            new Views.PlaceView(place.visitId(), place.position(), Views.seconds(place.estimatedWait())), q.seq(), q.persistedAt());
        patients.forEach(session -> session.tell(changed));
      }
    }
  }

  private void onVisitChanged(LiveEvent.VisitChanged v) {
    VisitRecord record = v.visit();
    Set<ActorRef<LiveSession.Input>> own = byVisit.getOrDefault(record.visitId(), Set.of());
    own.forEach(session -> session.tell(new LiveSession.VisitUpdate(v.seq(), record, v.persistedAt())));
    Set<ActorRef<LiveSession.Input>> staff = new LinkedHashSet<>();
    addWatchers(staff, record.state(), own);
    if (!record.transfers().isEmpty()) {
      // Watchers of the state a visit was just transferred out of see it leave.
      addWatchers(staff, record.transfers().get(record.transfers().size() - 1).from(), own);
    }
    if (!staff.isEmpty()) {
      LiveSession.Rendered message = LiveSession.rendered(LiveSession.withPersistedAt(
          Map.of("type", "visit", "seq", v.seq(), "visit", Views.dashboardVisit(record, api.clock().instant())), v.persistedAt()));
      staff.forEach(session -> session.tell(message));
    }
  }

  private void addWatchers(Set<ActorRef<LiveSession.Input>> to, UsState state, Set<ActorRef<LiveSession.Input>> except) {
    for (ActorRef<LiveSession.Input> session : byState.getOrDefault(state, Set.of())) {
      if (!except.contains(session)) {
        to.add(session);
      }
    }
  }
}
