package org.surgecare.http.care;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;
import org.surgecare.core.care.patient.PatientVisits;
import org.surgecare.core.care.rules.RefusalReason;
import org.surgecare.core.care.visit.Visit;
import org.surgecare.core.care.visit.VisitState.VisitRecord;
import org.surgecare.core.care.visit.VisitId;
import org.surgecare.core.care.visit.VisitStatus;
import org.surgecare.core.common.Role;
import org.surgecare.core.common.UsState;
import org.surgecare.core.common.entity.Asks;
import org.surgecare.core.common.entity.Refusal;
import org.surgecare.http.ApiContext;
import org.surgecare.http.api.ApiDirectives;
import org.surgecare.http.api.Fields;
import org.surgecare.http.api.Json;
import org.surgecare.http.api.Problem;
import org.surgecare.http.auth.Principal;

/** Intake, reading a visit, its lifecycle actions, and "next patient" for providers. */
public final class VisitRoutes extends ApiDirectives {
  public static final int MAX_IDEMPOTENCY_KEY = 200;

  public VisitRoutes(ApiContext api) {
    super(api);
  }

  public Route routes(String tenant) {
    return concat(
        pathPrefix("visits", () -> concat(
            pathEnd(() -> post(() -> member(tenant, p -> intake(tenant, p), Role.PATIENT))),
            pathPrefix(segment(), text -> VisitId.canonical(text).<Route>map(visitId -> auditedVisit(visitId, () -> concat(
                pathEnd(() -> get(() -> member(tenant, p -> read(tenant, visitId, p)))),
                path("cancel", () -> post(() -> member(tenant, p -> cancel(tenant, visitId, p), Role.PATIENT, Role.SUPPORT, Role.ADMIN))),
                path("start", () -> post(() -> member(tenant, p -> providerAction(tenant, visitId, p, Visit.Start::new), Role.PROVIDER))),
                path("complete", () -> post(() -> member(tenant, p -> providerAction(tenant, visitId, p, Visit.Complete::new), Role.PROVIDER))),
                path("no-show", () -> post(() -> member(tenant, p -> providerAction(tenant, visitId, p, Visit.MarkNoShow::new), Role.PROVIDER))),
                path("unassign", () -> post(() -> member(tenant, p -> providerAction(tenant, visitId, p, Visit.Unassign::new), Role.PROVIDER))),
                path("transfer", () -> post(() -> member(tenant, p -> transfer(tenant, visitId, p), Role.SUPPORT, Role.ADMIN))))))
                .orElseGet(() -> problem(Problem.of(404, "not-found", "Not found", "no such visit")))))),
        path(segment("providers").slash(segment()).slash("next"), providerId ->
            post(() -> member(tenant, p -> next(tenant, providerId, p), Role.PROVIDER))));
  }

  // ---- intake

  private Route intake(String tenant, Principal patient) {
    return optionalHeaderValueByName("Idempotency-Key", key -> jsonBody(body -> validated(() -> {
      Fields fields = new Fields();
      Optional<UsState> state = fields.state(body, "state", true);
      String reason = fields.text(body, "", "reason", 500, true);
      int priority = fields.integer(body, "priority", 0, 9, 0);
      JsonNode person = body.get("patient");
      String name = patient.name();
      if (person != null && !person.isNull()) {
        if (!person.isObject()) {
          fields.error("patient", "must be an object");
        } else {
          String given = fields.text(person, "patient", "name", 200, false);
          name = given.isEmpty() ? name : given;
        }
      }
      String idempotencyKey = key.orElseGet(() -> UUID.randomUUID().toString());
      if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY) {
        fields.error("Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
      }
      fields.check();
      PatientVisits.VisitRequest request = new PatientVisits.VisitRequest(name, reason, priority, state.orElseThrow());
      CompletionStage<PatientVisits.Accepted> result = Asks.askWithStatus(
          api.entities().patient(tenant, patient.subject()),
          replyTo -> new PatientVisits.RequestVisit(idempotencyKey, request, replyTo),
          api.scheduler());
      return reply(result.thenCompose(r -> intakeResponse(tenant, r)));
    })));
  }

  private CompletionStage<HttpResponse> intakeResponse(String tenant, PatientVisits.Accepted accepted) {
    VisitRecord record = accepted.visit();
    if (record.status() == VisitStatus.REJECTED) {
      return done(rejection(record).toResponse());
    }
    return view(tenant, record).thenApply(view -> Json.response(accepted.replayed() ? StatusCodes.OK : StatusCodes.CREATED, view)
        .addHeader(Location.create("/api/v1/tenants/" + tenant + "/visits/" + record.visitId()))
        .addAttribute(AUDITED_VISIT, record.visitId()));
  }

  /** The problem for a visit refused at intake; the refused visit is on record and a retry gets the same answer. */
  public static Problem rejection(VisitRecord record) {
    RefusalReason reason = record.rejection().orElseThrow();
    String detail = record.rejectionDetail();
    Problem problem = switch (reason) {
      case CLOSED -> Problem.of(409, "closed", "The queue is closed", detail);
      case FULL -> Problem.of(409, "full", "The queue is full", detail);
      case END_OF_SHIFT -> Problem.of(409, "end-of-shift", "Too late to be seen today", detail);
      case BUSY -> Problem.of(429, "busy", "The queue is busy", detail).withHeader(RawHeader.create("Retry-After", "60"));
    };
    return problem.with("visitId", record.visitId()).with("reason", reason.slug()).with("state", record.state().name());
  }

  // ---- reading

  private Route read(String tenant, String visitId, Principal caller) {
    return reply(readable(tenant, visitId, caller).thenCompose(record -> view(tenant, record)).thenApply(Json::ok));
  }

  /** The visit if the caller may see it: its patient, or staff of its tenant. Others get 404, not 403. */
  private CompletionStage<VisitRecord> readable(String tenant, String visitId, Principal caller) {
    return Asks.inPlace(Asks.<Visit.Command, VisitRecord>askWithStatus(api.entities().visit(tenant, visitId), Visit.Get::new, api.scheduler()))
        .thenApply(record -> {
          if (caller.visitRole().filter(role -> record.visibleTo(caller.subject(), role)).isEmpty()) {
            throw new Refusal(Refusal.Kind.HIDDEN, Visit.NO_SUCH_VISIT);
          }
          return record;
        });
  }

  /**
   * The visit with its place when it waits. The record comes from the visit entity, so its status is current;
   * the place comes from the latest published state of its queue, which asks the queue itself when that state
   * does not list the visit yet.
   */
  private CompletionStage<Views.VisitView> view(String tenant, VisitRecord record) {
    if (record.status() != VisitStatus.WAITING) {
      return done(Views.visit(tenant, record, Optional.empty()));
    }
    return api.latestQueues().place(tenant, record.state(), record.visitId())
        .thenApply(place -> Views.visit(tenant, record, place));
  }

  // ---- lifecycle

  private Route cancel(String tenant, String visitId, Principal caller) {
    return optionalJsonBody(body -> validated(() -> {
      Fields fields = new Fields();
      String reason = fields.text(body, "", "reason", 500, false);
      fields.check();
      CompletionStage<VisitRecord> cancelled = readable(tenant, visitId, caller).thenCompose(record ->
          Asks.<Visit.Command, VisitRecord>askWithStatus(
              api.entities().visit(tenant, visitId),
              replyTo -> new Visit.Cancel(caller.subject(), reason, replyTo),
              api.scheduler()));
      return reply(cancelled.thenApply(record -> Json.ok(Views.visit(tenant, record, Optional.empty()))));
    }));
  }

  private Route providerAction(
      String tenant, String visitId, Principal provider,
      java.util.function.BiFunction<String, ActorRef<StatusReply<VisitRecord>>, Visit.Command> action) {
    CompletionStage<VisitRecord> done = Asks.askWithStatus(
        api.entities().visit(tenant, visitId), replyTo -> action.apply(provider.subject(), replyTo), api.scheduler());
    return reply(done.thenCompose(record -> view(tenant, record)).thenApply(Json::ok));
  }

  private Route transfer(String tenant, String visitId, Principal staff) {
    return jsonBody(body -> validated(() -> {
      Fields fields = new Fields();
      Optional<UsState> to = fields.state(body, "state", true);
      fields.check();
      CompletionStage<VisitRecord> moved = Asks.askWithStatus(
          api.entities().visit(tenant, visitId),
          replyTo -> new Visit.Transfer(to.orElseThrow(), staff.subject(), replyTo),
          api.scheduler());
      return reply(moved.thenCompose(record -> view(tenant, record)).thenApply(Json::ok));
    }));
  }

  // ---- dispatch

  private Route next(String tenant, String providerId, Principal provider) {
    if (!provider.subject().equals(providerId)) {
      return problem(forbidden("providers take patients for themselves only"));
    }
    return reply(api.dispatcher().next(tenant, providerId).thenCompose(assigned -> assigned.isEmpty()
        ? done(HttpResponse.create().withStatus(StatusCodes.NO_CONTENT))
        : view(tenant, assigned.get()).thenApply(view -> Json.ok(view)
            .addHeader(RawHeader.create("Content-Location", "/api/v1/tenants/" + tenant + "/visits/" + view.id()))
            .addAttribute(AUDITED_VISIT, view.id().toString()))));
  }
}
