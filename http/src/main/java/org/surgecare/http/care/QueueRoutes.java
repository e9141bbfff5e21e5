package org.surgecare.http.care;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.care.rules.Closure;
import org.surgecare.core.care.rules.ManualOverride;
import org.surgecare.core.care.rules.OpeningWindow;
import org.surgecare.core.care.rules.QueueHours;
import org.surgecare.core.care.rules.QueueSettings;
import org.surgecare.core.care.rules.ThrottleRate;
import org.surgecare.core.common.Role;
import org.surgecare.core.common.UsState;
import org.surgecare.core.common.entity.Asks;
import org.surgecare.http.ApiContext;
import org.surgecare.http.api.ApiDirectives;
import org.surgecare.http.api.Fields;
import org.surgecare.http.api.Json;
import org.surgecare.http.auth.Principal;

/** A state queue's availability (public), its full view for caregivers, and the controls staff have over it. */
public final class QueueRoutes extends ApiDirectives {

  /** The last rendered availability per tenant and state: known tenants only, so bounded. */
  private final ConcurrentHashMap<String, Rendered> renderedAvailability = new ConcurrentHashMap<>();

  public QueueRoutes(ApiContext api) {
    super(api);
  }

  public Route routes(String tenant) {
    return pathPrefix("queues", () -> pathPrefix(segment(), code -> usState(code, state -> concat(
          path("availability", () -> get(() -> knownTenant(tenant, () -> availability(tenant, state)))),
          pathEnd(() -> get(() -> member(tenant, p -> queue(tenant, state), Role.PROVIDER, Role.SUPPORT, Role.ADMIN))),
          path("busy", () -> put(() -> member(tenant, p -> busy(tenant, state, p), Role.SUPPORT, Role.ADMIN))),
          path("settings", () -> put(() -> member(tenant, p -> settings(tenant, state, p), Role.ADMIN))),
          path("open", () -> post(() -> member(tenant, p -> override(tenant, state, ManualOverride.OPEN, p), Role.SUPPORT, Role.ADMIN))),
          path("close", () -> post(() -> member(tenant, p -> override(tenant, state, ManualOverride.CLOSED, p), Role.SUPPORT, Role.ADMIN))),
          path("resume-schedule", () -> post(() -> member(tenant, p -> override(tenant, state, ManualOverride.NONE, p), Role.SUPPORT, Role.ADMIN)))))));
  }

  private RecipientRef<StateQueue.Command> queueOf(String tenant, UsState state) {
    return api.entities().queue(tenant, state);
  }

  /**
   * From the latest published state of the queue, so a patient's read never waits behind the queue's writes.
   * Every reader of one published state gets the same response, so it is rendered once per state.
   */
  private Route availability(String tenant, UsState state) {
    return reply(api.latestQueues().availability(tenant, state).thenApply(a -> {
      String key = tenant + '/' + state.name();
      Rendered rendered = renderedAvailability.get(key);
      if (rendered == null || rendered.availability() != a) {
        rendered = new Rendered(a, Json.ok(Views.availability(a)));
        renderedAvailability.put(key, rendered);
      }
      return rendered.response();
    }));
  }

  /** A queue's availability and its response (immutable, so any number of requests may send it). */
  private record Rendered(StateQueue.Availability availability, HttpResponse response) {}

  private Route queue(String tenant, UsState state) {
    return reply(currentQueue(tenant, state).thenApply(q -> Json.ok(Views.queue(q))));
  }

  /** The queue as caregivers see it; availability read on this node afterwards is at least this recent. */
  private CompletionStage<StateQueue.QueueView> currentQueue(String tenant, UsState state) {
    return Asks.<StateQueue.Command, StateQueue.QueueView>ask(queueOf(tenant, state), StateQueue.GetQueue::new, api.scheduler())
        .thenApply(q -> {
          api.latestQueues().observed(tenant, state, q.seq());
          return q;
        });
  }

  private Route busy(String tenant, UsState state, Principal staff) {
    return jsonBody(body -> validated(() -> {
      Fields fields = new Fields();
      Optional<Boolean> busy = fields.bool(body, "busy");
      if (busy.isEmpty() && !fields.hasErrors()) {
        fields.error("busy", "is required");
      }
      String message = fields.text(body, "", "message", 500, false);
      fields.check();
      Function<ActorRef<Done>, StateQueue.Command> command = busy.get()
          ? replyTo -> new StateQueue.SetBusy(message.isEmpty() ? "We are seeing more patients than usual." : message, staff.subject(), replyTo)
          : replyTo -> new StateQueue.ClearBusy(staff.subject(), replyTo);
      return afterChange(tenant, state, command);
    }));
  }

  private Route override(String tenant, UsState state, ManualOverride override, Principal staff) {
    return afterChange(tenant, state, replyTo -> new StateQueue.SetOverride(override, staff.subject(), replyTo));
  }

  private Route settings(String tenant, UsState state, Principal admin) {
    return jsonBody(body -> validated(() -> {
      QueueSettings settings = parseSettings(body, state);
      return afterChange(tenant, state, replyTo -> new StateQueue.ChangeSettings(settings, admin.subject(), replyTo));
    }));
  }

  /** Applies a change, then answers with the queue as caregivers see it. */
  private Route afterChange(String tenant, UsState state, Function<ActorRef<Done>, StateQueue.Command> change) {
    return reply(Asks.<StateQueue.Command, Done>ask(queueOf(tenant, state), change, api.scheduler())
        .thenCompose(done -> currentQueue(tenant, state))
        .thenApply(q -> Json.ok(Views.queue(q))));
  }

  /** The whole settings document: hours (weekly windows, closures, override), cap, busy rate, grace. */
  public static QueueSettings parseSettings(JsonNode body, UsState state) {
    Fields fields = new Fields();
    ZoneId zone = fields.zone(body, "timeZone").orElse(state.defaultZone());
    List<OpeningWindow> weekly = new ArrayList<>();
    JsonNode windows = body.get("weekly");
    if (windows == null || !windows.isArray()) {
      fields.error("weekly", "is required: a list of {day, opens, closes}");
    } else {
      for (int i = 0; i < windows.size(); i++) {
        JsonNode w = windows.get(i);
        String path = "weekly[" + i + "]";
        if (!w.isObject()) {
          fields.error(path, "must be an object");
          continue;
        }
        Optional<DayOfWeek> day = fields.parsed(path + ".day", fields.text(w, path, "day", 12, true),
            text -> DayOfWeek.valueOf(text.toUpperCase(Locale.ROOT)), "a day like monday");
        Optional<LocalTime> opens = fields.time(w, path, "opens");
        Optional<LocalTime> closes = fields.time(w, path, "closes");
        if (day.isPresent() && opens.isPresent() && closes.isPresent()) {
          weekly.add(new OpeningWindow(day.get(), opens.get(), closes.get()));
        }
      }
    }
    List<Closure> closures = new ArrayList<>();
    JsonNode listed = body.get("closures");
    if (listed != null && !listed.isNull()) {
      if (!listed.isArray()) {
        fields.error("closures", "must be a list of {from, until, reason}");
      } else {
        for (int i = 0; i < listed.size(); i++) {
          JsonNode c = listed.get(i);
          String path = "closures[" + i + "]";
          Optional<Instant> from = fields.instant(c, path, "from", true);
          Optional<Instant> until = fields.instant(c, path, "until", true);
          String reason = fields.text(c, path, "reason", 200, false);
          if (from.isPresent() && until.isPresent()) {
            if (!until.get().isAfter(from.get())) {
              fields.error(path + ".until", "must be after from");
            } else {
              closures.add(new Closure(from.get(), until.get(), reason));
            }
          }
        }
      }
    }
    int capacity = fields.integer(body, "capacity", 0, 100_000, QueueSettings.DEFAULT_CAPACITY);
    ThrottleRate rate = QueueSettings.DEFAULT_BUSY_RATE;
    JsonNode busyRate = body.get("busyRate");
    if (busyRate != null && !busyRate.isNull()) {
      if (!busyRate.isObject()) {
        fields.error("busyRate", "must be {visits, perMinutes}");
      } else {
        int visits = fields.integer(busyRate, "busyRate", "visits", 0, 10_000, rate.visits());
        int minutes = fields.integer(busyRate, "busyRate", "perMinutes", 1, 24 * 60, (int) rate.per().toMinutes());
        rate = new ThrottleRate(visits, Duration.ofMinutes(minutes));
      }
    }
    int grace = fields.integer(body, "endOfShiftGraceMinutes", 0, 24 * 60, (int) QueueSettings.DEFAULT_GRACE.toMinutes());
    fields.check();
    return new QueueSettings(new QueueHours(zone, weekly, closures, ManualOverride.NONE), capacity, rate, Duration.ofMinutes(grace));
  }
}
