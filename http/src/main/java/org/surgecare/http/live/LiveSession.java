package org.surgecare.http.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.surgecare.core.care.live.LiveEvent;
import org.surgecare.core.care.visit.Visit;
import org.surgecare.core.care.visit.VisitId;
import org.surgecare.core.care.visit.VisitState.VisitRecord;
import org.surgecare.core.common.Role;
import org.surgecare.core.common.UsState;
import org.surgecare.core.common.entity.Asks;
import org.surgecare.core.common.entity.Refusal;
import org.surgecare.http.ApiContext;
import org.surgecare.http.api.Json;
import org.surgecare.http.auth.Principal;
import org.surgecare.http.care.Views;

/**
 * One live WebSocket: authenticates with the first message, asks the node's {@link LiveHub} for what the caller
 * may watch, and sends what the hub hands it. Bounded everywhere: message size, client message
 * rate, and the outgoing buffer (a client that reads too slowly is dropped, never allowed to grow memory).
 */
public final class LiveSession extends AbstractBehavior<LiveSession.Input> {
  public static final String PROTOCOL = "surgecare.v1";
  public static final int MAX_CLIENT_MESSAGE = 4096;
  public static final int MAX_CLIENT_MESSAGES_PER_SECOND = 20;
  public static final int MAX_PENDING = 256;
  public static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);

  /** Close codes, also sent in the final "closing" message since the close frame itself carries 1000. */
  public static final int CLOSE_UNAUTHORIZED = 4401;
  public static final int CLOSE_POLICY = 1008;
  public static final int CLOSE_TOO_SLOW = 1013;

  public sealed interface Input {}

  public record FromClient(String text) implements Input {}

  public record ClientGone() implements Input {}

  /** A message already rendered for every watcher of a state. */
  public record Rendered(String json) implements Input {}

  /** The watched visit's place in its queue after a change (seq is the queue's). */
  public record PlaceChanged(Views.PlaceView place, long seq, Instant persistedAt) implements Input {}

  /** The watched visit after a change (seq is the visit's). */
  public record VisitUpdate(long seq, VisitRecord visit, Instant persistedAt) implements Input {}

  public record Subscribed(VisitRecord visit) implements Input {}

  public record SubscribeFailed(String visitId) implements Input {}

  /** The visit could not be read in time; the client may try again. */
  public record SubscribeUnavailable(String visitId) implements Input {}

  public record Expired() implements Input {}

  private static final String TOO_LARGE = "\u0000too-large";
  private static final String NOT_TEXT = "\u0000not-text";

  /** The flow for one connection: client messages into a new session actor, its messages back out. */
  public static Flow<Message, Message, NotUsed> flow(ApiContext api, ActorSystem<?> system, String tenant, ActorRef<LiveHub.Command> hub) {
    Pair<BoundedSourceQueue<Message>, Source<Message, NotUsed>> out =
        Source.<Message>queue(MAX_PENDING + 1).preMaterialize(system);
    ActorRef<Input> session = system.systemActorOf(
        Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new LiveSession(ctx, timers, api, tenant, hub, out.first()))),
        "live-" + UUID.randomUUID(),
        Props.empty());
    Sink<Message, NotUsed> in = Flow.<Message>create()
        .mapAsync(1, message -> text(message, system))
        .to(Sink.<String>foreach(text -> session.tell(new FromClient(text)))
            .mapMaterializedValue(done -> {
              done.whenComplete((ok, failure) -> session.tell(new ClientGone()));
              return NotUsed.getInstance();
            }));
    return Flow.fromSinkAndSourceCoupled(in, out.second());
  }

  private static CompletionStage<String> text(Message message, ActorSystem<?> system) {
    if (!message.isText()) {
      message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), system);
      return CompletableFuture.completedFuture(NOT_TEXT);
    }
    TextMessage text = message.asTextMessage();
    if (text.isStrict()) {
      String strict = text.getStrictText();
      return CompletableFuture.completedFuture(strict.length() > MAX_CLIENT_MESSAGE ? TOO_LARGE : strict);
    }
    return text.getStreamedText()
        .limitWeighted(MAX_CLIENT_MESSAGE, chunk -> (long) chunk.length())
        .runFold(new StringBuilder(), StringBuilder::append, system)
        .thenApply(StringBuilder::toString)
        .exceptionally(tooLarge -> TOO_LARGE);
  }

  private final ApiContext api;
  private final String tenant;
  private final BoundedSourceQueue<Message> out;
  private final TimerScheduler<Input> timers;
  private final ActorRef<LiveHub.Command> hub;
  private Optional<Principal> caller = Optional.empty();
  private Set<UsState> watchedStates = Set.of();
  private Optional<VisitRecord> watchedVisit = Optional.empty();
  private final Map<String, Object> lastPlace = new HashMap<>();
  private int messagesThisSecond;
  // The second those messages were counted in: no timer per socket, which thousands of idle sockets would pay for.
  private long countingSecond;
  private boolean closing;

  private LiveSession(ActorContext<Input> context, TimerScheduler<Input> timers, ApiContext api, String tenant,
      ActorRef<LiveHub.Command> hub, BoundedSourceQueue<Message> out) {
    super(context);
    this.api = api;
    this.tenant = tenant;
    this.out = out;
    this.timers = timers;
    this.hub = hub;
    timers.startSingleTimer(new Expired(), AUTH_TIMEOUT);
  }

  @Override
  public Receive<Input> createReceive() {
    return newReceiveBuilder()
        .onMessage(FromClient.class, this::onClient)
        .onMessage(Rendered.class, r -> {
          send(r.json());
          return this;
        })
        .onMessage(PlaceChanged.class, this::onPlaceChanged)
        .onMessage(VisitUpdate.class, this::onVisitUpdate)
        .onMessage(Subscribed.class, this::onSubscribed)
        .onMessage(SubscribeFailed.class, f -> {
          send(Map.of("type", "error", "error", "forbidden", "detail", "no visit " + f.visitId() + " of yours"));
          return this;
        })
        .onMessage(SubscribeUnavailable.class, f -> {
          send(Map.of("type", "error", "error", "unavailable", "detail", "visit " + f.visitId() + " could not be read in time; subscribe again"));
          return this;
        })
        .onMessage(Expired.class, e -> close(CLOSE_UNAUTHORIZED, caller.isEmpty() ? "no token in time" : "the token expired"))
        .onMessage(ClientGone.class, g -> Behaviors.stopped())
        .onSignal(PostStop.class, s -> {
          hub.tell(new LiveHub.Leave(getContext().getSelf()));
          completeOutgoing();
          return this;
        })
        .build();
  }

  private Behavior<Input> onClient(FromClient message) {
    if (closing) {
      return this;
    }
    long second = api.clock().millis() / 1000;
    if (second != countingSecond) {
      countingSecond = second;
      messagesThisSecond = 0;
    }
    if (++messagesThisSecond > MAX_CLIENT_MESSAGES_PER_SECOND) {
      return close(CLOSE_POLICY, "more than " + MAX_CLIENT_MESSAGES_PER_SECOND + " messages a second");
    }
    if (message.text().equals(TOO_LARGE)) {
      return close(CLOSE_POLICY, "messages are limited to " + MAX_CLIENT_MESSAGE + " characters");
    }
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(message.text());
    } catch (Exception notJson) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      send(Map.of("type", "error", "error", "malformed", "detail", "send JSON objects"));
      return this;
    }
    String type = json.path("type").asText();
    if (caller.isEmpty()) {
      return type.equals("auth") ? authenticate(json.path("token").asText()) : close(CLOSE_UNAUTHORIZED, "authenticate first");
    }
    if (type.equals("subscribe")) {
      subscribe(json);
    } else if (!type.equals("ping")) {
      send(Map.of("type", "error", "error", "unknown-type", "detail", "expected subscribe or ping"));
    }
    return this;
  }

  private Behavior<Input> authenticate(String token) {
    Optional<Principal> principal = api.verifier().verify(token);
    if (principal.isEmpty() || !tenant.equals(principal.get().tenant())) {
      return close(CLOSE_UNAUTHORIZED, "the token is not valid for this tenant");
    }
    caller = principal;
    Duration left = Duration.between(api.clock().instant(), principal.get().expiresAt());
    timers.startSingleTimer(new Expired(), left.isNegative() ? Duration.ZERO : left);
    send(Map.of("type", "ready", "subject", principal.get().subject(),
        "roles", principal.get().roles().stream().map(Role::slug).sorted().toList(),
        "expiresAt", principal.get().expiresAt().toString()));
    return this;
  }

  private void subscribe(JsonNode request) {
    Principal who = caller.orElseThrow();
    if (request.has("states")) {
      if (!who.caregiver()) {
        send(Map.of("type", "error", "error", "forbidden", "detail", "only caregivers watch queues"));
        return;
      }
      java.util.EnumSet<UsState> states = java.util.EnumSet.noneOf(UsState.class);
      java.util.List<String> unknown = new java.util.ArrayList<>();
      request.path("states").forEach(code -> UsState.parse(code.asText()).ifPresentOrElse(states::add, () -> unknown.add(code.asText())));
      if (!request.path("states").isArray() || !unknown.isEmpty()) {
        send(Map.of("type", "error", "error", "invalid", "detail", "states must be a list of US state codes; not " + unknown));
        return;
      }
      watchedStates = Set.copyOf(states);
      hub.tell(new LiveHub.WatchStates(getContext().getSelf(), watchedStates));
      send(Map.of("type", "subscribed", "states", states.stream().map(Enum::name).toList()));
      return;
    }
    String visitId = request.path("visit").asText();
    Optional<String> canonical = VisitId.canonical(visitId);
    if (canonical.isEmpty()) {
      send(Map.of("type", "error", "error", "forbidden", "detail", "no visit " + visitId + " of yours"));
      return;
    }
    getContext().pipeToSelf(
        Asks.<Visit.Command, VisitRecord>askWithStatus(api.entities().visit(tenant, canonical.get()), Visit.Get::new, api.scheduler()),
        (record, failure) -> {
          if (failure != null && Refusal.in(failure).isEmpty()) {
            // A timeout, not an answer: saying "not yours" would send a waiting patient away.
            return new SubscribeUnavailable(visitId);
          }
          boolean allowed = failure == null
              && (record.intake().patientId().equals(who.subject()) && who.has(Role.PATIENT) || who.caregiver());
          return allowed ? new Subscribed(record) : new SubscribeFailed(visitId);
        });
  }

  private Behavior<Input> onSubscribed(Subscribed subscribed) {
    watchedVisit = Optional.of(subscribed.visit());
    lastPlace.clear();
    hub.tell(new LiveHub.WatchVisit(getContext().getSelf(), subscribed.visit().visitId()));
    send(Map.of("type", "subscribed", "visit", subscribed.visit().visitId()));
    send(visitMessage(subscribed.visit().version(), subscribed.visit()));
    return this;
  }

  private Behavior<Input> onPlaceChanged(PlaceChanged changed) {
    Views.PlaceView view = changed.place();
    boolean watched = watchedVisit.filter(v -> v.visitId().equals(view.visitId())).isPresent();
    if (watched && !view.equals(lastPlace.put(view.visitId(), view))) {
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("type", "position");
      message.put("visitId", view.visitId());
      message.put("position", view.position());
      view.estimatedWaitSeconds().ifPresent(s -> message.put("estimatedWaitSeconds", s));
      message.put("seq", changed.seq());
      send(withPersistedAt(message, changed.persistedAt()));
    }
    return this;
  }

  private Behavior<Input> onVisitUpdate(VisitUpdate update) {
    VisitRecord record = update.visit();
    if (watchedVisit.filter(w -> w.visitId().equals(record.visitId())).isPresent()) {
      watchedVisit = Optional.of(record);
      send(withPersistedAt(visitMessage(update.seq(), record), update.persistedAt()));
    }
    return this;
  }

  /** A message about a change, with the time its write was confirmed (absent from a node that does not set it). */
  public static Map<String, Object> withPersistedAt(Map<String, Object> message, Instant persistedAt) {
    if (persistedAt == null) {
      return message;
    }
    Map<String, Object> stamped = new LinkedHashMap<>(message);
    stamped.put("persistedAt", persistedAt.toString());
    return stamped;
  }

  /** Renders a message once, for every socket it goes to. */
  public static Rendered rendered(Map<String, Object> message) {
    return new Rendered(new String(Json.bytes(message), java.nio.charset.StandardCharsets.UTF_8));
  }

  private Map<String, Object> visitMessage(long seq, VisitRecord record) {
    Object place = record.status() == org.surgecare.core.care.visit.VisitStatus.WAITING ? lastPlace.get(record.visitId()) : null;
    Optional<LiveEvent.QueuePlace> known = place instanceof Views.PlaceView p
        ? Optional.of(new LiveEvent.QueuePlace(p.visitId(), p.position(), p.estimatedWaitSeconds().map(Duration::ofSeconds)))
        : Optional.empty();
    return Map.of("type", "visit", "seq", seq, "visit", Views.visit(tenant, record, known));
  }

  private void send(Map<String, Object> message) {
    send(rendered(message).json());
  }

  private void send(String json) {
    if (closing) {
      return;
    }
    if (out.size() >= MAX_PENDING) {
      close(CLOSE_TOO_SLOW, "the client reads too slowly");
      return;
    }
    out.offer(TextMessage.create(json));
  }

  /** Says why in a last message (the close frame itself carries 1000), then ends the connection. */
  private Behavior<Input> close(int code, String reason) {
    if (!closing) {
      out.offer(TextMessage.create(new String(Json.bytes(Map.of("type", "closing", "code", code, "reason", reason)))));
      closing = true;
    }
    completeOutgoing();
    return Behaviors.stopped();
  }

  private void completeOutgoing() {
    if (!out.isCompleted()) {
      out.complete();
    }
  }
}
