package org.surgecare.http.care;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.http.javadsl.server.Route;
import org.surgecare.core.care.caregiver.Caregiver;
import org.surgecare.core.care.caregiver.CaregiverState.Profile;
import org.surgecare.core.care.queue.QueueStatus;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.care.rules.WaitEstimator;
import org.surgecare.core.care.visit.VisitStatus;
import org.surgecare.core.common.Role;
import org.surgecare.core.common.UsState;
import org.surgecare.core.common.entity.Asks;
import org.surgecare.http.ApiContext;
import org.surgecare.http.api.ApiDirectives;
import org.surgecare.http.api.Fields;
import org.surgecare.http.api.Json;
import org.surgecare.http.api.ProblemException;
import org.surgecare.http.auth.Principal;
import org.surgecare.projections.care.DashboardQuery;
import org.surgecare.projections.care.ReadModelConsistency;

/** The caregiver dashboard: every watched queue and its active visits, from the read models in one query. */
public final class DashboardRoutes extends ApiDirectives {
  /** How long a read carrying a consistency token waits for the read model to catch up. */
  public static final Duration CONSISTENCY_WAIT = Duration.ofSeconds(2);
  /** Waiting visits listed per state by default: a screen shows the head of each queue, the counts show the rest. */
  public static final int DEFAULT_WAITING_LISTED = 25;
  public static final int MAX_WAITING_LISTED = 500;

  public DashboardRoutes(ApiContext api) {
    super(api);
  }

  public Route routes(String tenant) {
    return path("dashboard", () -> get(() -> member(tenant, caller ->
        parameterOptional("states", states -> parameterOptional("consistencyToken", token -> parameterOptional("waiting", limit -> validated(() -> {
          Fields fields = new Fields();
          int waitingPerState = limit.map(text -> fields.parsed("waiting", text, Integer::valueOf, "a whole number from 1 to " + MAX_WAITING_LISTED)
                  .filter(n -> n >= 1 && n <= MAX_WAITING_LISTED).orElseGet(() -> {
                    fields.error("waiting", "must be a whole number from 1 to " + MAX_WAITING_LISTED);
                    return DEFAULT_WAITING_LISTED;
                  }))
              .orElse(DEFAULT_WAITING_LISTED);
          Optional<List<UsState>> listed = states.map(text -> parseStates(fields, text));
          Optional<ReadModelConsistency.Token> awaited = token.flatMap(text -> {
            Optional<ReadModelConsistency.Token> decoded = ReadModelConsistency.Token.decode(text);
            if (decoded.isEmpty()) {
              fields.error("consistencyToken", "is not a token this API returned");
            }
            return decoded;
          });
          fields.check();
          CompletionStage<List<UsState>> watched = listed
              .<CompletionStage<List<UsState>>>map(CompletableFuture::completedFuture)
              .orElseGet(() -> defaultStates(tenant, caller));
          CompletionStage<Boolean> caughtUp = awaited
              .map(t -> api.consistency().await(tenant, t, CONSISTENCY_WAIT))
              .orElseGet(() -> CompletableFuture.completedFuture(true));
          return reply(watched.thenCombine(caughtUp, (list, ok) -> {
            if (!ok) {
              throw new ProblemException(ApiDirectives.unavailable("the read model has not caught up with that write yet"));
            }
            return list;
          }).thenCompose(list -> blocking(() -> Json.ok(view(api.dashboard().load(tenant, list, waitingPerState))))));
        })))), Role.PROVIDER, Role.SUPPORT, Role.ADMIN)));
  }

  private static List<UsState> parseStates(Fields fields, String text) {
    List<UsState> states = new ArrayList<>();
    for (String code : text.split(",")) {
      if (code.isBlank()) {
        continue;
      }
      UsState.parse(code).ifPresentOrElse(s -> {
        if (!states.contains(s)) {
          states.add(s);
        }
      }, () -> fields.error("states", "'" + code.strip() + "' is not a US state, DC or territory code"));
    }
    if (states.isEmpty()) {
      fields.error("states", "name at least one state, e.g. states=WA,OR");
    }
    return states;
  }

  /** A provider watches the states they may practise in; staff watch every state that has a queue. */
  private CompletionStage<List<UsState>> defaultStates(String tenant, Principal caller) {
    if (caller.has(Role.PROVIDER) && !caller.hasAny(Role.SUPPORT, Role.ADMIN)) {
      return Asks.<Caregiver.Command, Profile>askWithStatus(api.entities().caregiver(tenant, caller.subject()), Caregiver.Get::new, api.scheduler())
          .thenApply(profile -> profile.practiceStates(api.clock().instant()).stream().sorted().toList());
    }
    return blocking(() -> api.dashboard().statesWithQueues(tenant));
  }

  private Views.DashboardView view(DashboardQuery.Board board) {
    Instant now = api.clock().instant();
    Map<UsState, List<DashboardQuery.VisitRow>> byState =
        board.visits().stream().collect(Collectors.groupingBy(DashboardQuery.VisitRow::state));
    List<Views.DashboardQueueView> queues = new ArrayList<>();
    for (DashboardQuery.QueueRow q : board.queues()) {
      List<DashboardQuery.VisitRow> visits = byState.getOrDefault(q.state(), List.of());
      List<DashboardQuery.VisitRow> waiting = visits.stream().filter(v -> v.status() == VisitStatus.WAITING).toList();
      StateQueue.Availability availability = QueueStatus.availability(
          q.state(), q.settings(), q.busy(), board.waiting().get(q.state()), q.recentAdmissions(), q.providerCapacity(),
          WaitEstimator.typicalVisit(q.recentVisitLengths()), WaitEstimator.giveUpShare(q.recentDepartures()), now);
      Optional<Long> longest = waiting.stream().map(DashboardQuery.VisitRow::requestedAt).min(Instant::compareTo)
          .map(first -> Math.max(0, Duration.between(first, now).toSeconds()));
      queues.add(Views.dashboardQueue(availability, longest, q.seq()));
    }
    List<Views.DashboardVisitView> visits = board.visits().stream().map(v -> Views.dashboardVisit(v, now)).toList();
    return new Views.DashboardView(now, queues, visits);
  }
}
