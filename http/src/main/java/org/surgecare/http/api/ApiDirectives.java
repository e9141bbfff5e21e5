package org.surgecare.http.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Complete;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.RouteResult;
import org.apache.pekko.http.javadsl.server.RouteResults;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.pattern.AskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.surgecare.core.common.Role;
import org.surgecare.core.common.UsState;
import org.surgecare.core.common.entity.Refusal;
import org.surgecare.http.ApiContext;
import org.surgecare.http.auth.Principal;
import org.surgecare.projections.audit.AuditLog;

/**
 * Directives every route group shares: authentication, tenant scope and roles, the access log and audit trail,
 * JSON bodies and problem responses.
 */
public abstract class ApiDirectives extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ApiDirectives.class);
  /** Refused tokens and denied requests, one line each. */
  private static final Logger access = LoggerFactory.getLogger("org.surgecare.access");
  private static final String TENANTS = "/api/v1/tenants/";
  /**
   * The patient's visit an operation concerns, for the audit trail: marked on the request by the route that reads
   * it from the path, or on the response by the route that learns it from the answer (intake, next patient).
   */
  public static final AttributeKey<String> AUDITED_VISIT = AttributeKey.create("audited-visit", String.class);

  protected final ApiContext api;

  public ApiDirectives(ApiContext api) {
    this.api = api;
  }

  /** Marks the request as concerning this visit (see {@link #AUDITED_VISIT}); wrap it around {@link #member}. */
  protected Route auditedVisit(String visitId, Supplier<Route> inner) {
    return mapRequest(request -> request.addAttribute(AUDITED_VISIT, visitId), inner);
  }

  /** The caller from the bearer token; 401 problem without a valid one. */
  protected Route authenticated(Function<Principal, Route> inner) {
    return optionalHeaderValueByName("Authorization", header -> {
      if (header.isEmpty() || !header.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
        return problem(Problem.of(401, "unauthorized", "Authentication required", "send an access token as 'Authorization: Bearer <token>'")
            .withHeader(RawHeader.create("WWW-Authenticate", "Bearer")));
      }
      Optional<Principal> principal = api.verifier().verify(header.get().substring(7).strip());
      if (principal.isEmpty()) {
        return problem(Problem.of(401, "invalid-token", "The access token is not valid", "the token is expired, not yet valid, or not issued for this API")
            .withHeader(RawHeader.create("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
      }
      return inner.apply(principal.get());
    });
  }

  /**
   * The caller, within the tenant of the path, holding one of the roles. Every tenant operation goes through
   * here, and so does its answer: a denial is logged, and a success is audited before it is sent.
   */
  protected Route member(String tenant, Function<Principal, Route> inner, Role... roles) {
    return knownTenant(tenant, () -> authenticated(principal -> extractRequest(request ->
        mapRouteResultWith(result -> accountFor(principal, tenant, request, result), () -> {
          if (!tenant.equals(principal.tenant())) {
            return problem(forbidden("the token is for another tenant").deniedBecause("token of tenant " + principal.tenant()));
          }
          if (roles.length > 0 && !principal.hasAny(roles)) {
            return problem(forbidden("this needs the role " + describe(roles)));
          }
          return inner.apply(principal);
        }))));
  }

  /**
   * Logs a denial, or records a success in the audit trail before it leaves: every read by anyone but a patient
   * (a patient reads only their own) and every change. A success whose record cannot be written is not sent:
   * no disclosure without its audit record.
   */
  private CompletionStage<RouteResult> accountFor(Principal caller, String tenant, HttpRequest request, RouteResult result) {
    if (!(result instanceof Complete complete)) {
      return done(result);
    }
    HttpResponse response = complete.getResponse();
    String path = request.getUri().path();
    Optional<String> denial = response.getAttribute(Problem.DENIAL);
    if (denial.isPresent()) {
      access.info("access denied: who={} roles={} tenant={} token-tenant={} what=\"{} {}\" status={} why=\"{}\"",
          printable(caller.subject()), caller.roleNames(), tenant, printable(caller.tenant()), request.method().name(),
          printable(path), response.status().intValue(), denial.get());
      return done(result);
    }
    boolean read = request.method().isSafe();
    if (!response.status().isSuccess() || (read && caller.onlyPatient())) {
      return done(result);
    }
    String relative = path.startsWith(TENANTS + tenant) ? path.substring((TENANTS + tenant).length()) : path;
    AuditLog.Entry entry = new AuditLog.Entry(
        api.clock().instant(), tenant, caller.subject(), caller.roleNames(), request.getAttribute(AUDITED_VISIT).or(() -> response.getAttribute(AUDITED_VISIT)),
        request.method().name() + " " + relative, request.getUri().rawQueryString().orElse(""));
    return api.audit().record(entry).handle((recorded, failure) -> {
      if (failure == null) {
        return result;
      }
      log.error("the audit record of {} could not be written; the response was withheld", entry, failure);
      return RouteResults.complete(unavailable("the access could not be recorded; retry").toResponse());
    });
  }

  /** Caller-supplied text for a log line: control characters (a forged line break, say) become '?'. */
  public static String printable(String text) {
    return text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
  }



  protected Route knownTenant(String tenant, Supplier<Route> inner) {
    if (!api.tenants().contains(tenant)) {
      return problem(Problem.of(404, "tenant-not-found", "No such tenant", "there is no tenant '" + tenant + "'"));
    }
    return inner.get();
  }

  /** A state code from the path; 404 {@code unknown-state} for anything else. */
  protected Route usState(String code, Function<UsState, Route> inner) {
    Optional<UsState> state = UsState.parse(code);
    if (state.isEmpty()) {
      return problem(Problem.of(404, "unknown-state", "No such state", "'" + code + "' is not a US state, DC or territory code"));
    }
    return inner.apply(state.get());
  }

  /** Reads the body as a JSON object: 415 for another content type, 400 for malformed JSON. */
  protected Route jsonBody(Function<JsonNode, Route> inner) {
    return extractRequestEntity(entity -> {
      if (entity.isKnownEmpty()) {
        return problem(Problem.of(400, "malformed-json", "A JSON body is required", "send the request as a JSON object"));
      }
      MediaType mediaType = entity.getContentType().mediaType();
      boolean json = mediaType.mainType().equals("application")
          && (mediaType.subType().equals("json") || mediaType.subType().endsWith("+json"));
      if (!json) {
        return problem(Problem.of(415, "unsupported-media-type", "Send JSON", "the body must be application/json, not " + mediaType));
      }
      return entity(Unmarshaller.entityToString(), text -> {
        JsonNode node;
        try {
          node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
          return problem(Problem.of(400, "malformed-json", "The body is not valid JSON", e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
          return problem(Problem.of(400, "malformed-json", "The body is not a JSON object", "expected a JSON object"));
        }
        return inner.apply(node);
      });
    });
  }

  /** A body that may be absent (an empty POST) or a JSON object. */
  protected Route optionalJsonBody(Function<JsonNode, Route> inner) {
    return extractRequestEntity(entity -> entity.isKnownEmpty() || entity.getContentLengthOption().orElse(-1L) == 0
        ? inner.apply(Json.MAPPER.createObjectNode())
        : jsonBody(inner));
  }

  /** Runs a route body that may throw a {@link ProblemException} while validating its input. */
  protected Route validated(Supplier<Route> body) {
    try {
      return body.get();
    } catch (ProblemException e) {
      return problem(e.problem());
    }
  }

  /** A read-model query, which blocks on JDBC. */
  @FunctionalInterface
  protected interface Blocking<T> {
    T get() throws SQLException, InterruptedException;
  }

  protected <T> CompletionStage<T> blocking(Blocking<T> read) {
    return blocking("reading a read model", read);
  }

  /** Runs a read-model query on the blocking-reads executor, never on HTTP or actor threads. */
  protected <T> CompletionStage<T> blocking(String what, Blocking<T> read) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return read.get();
      } catch (SQLException e) {
        throw new IllegalStateException(what + " failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }, api.blockingReads());
  }

  protected static <T> CompletionStage<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  protected Route reply(CompletionStage<HttpResponse> response) {
    return completeWithFuture(response.exceptionally(ApiDirectives::failureResponse));
  }

  protected Route problem(Problem problem) {
    return complete(problem.toResponse());
  }

  /** A 403; the detail is also the reason logged. */
  public static Problem forbidden(String detail) {
    return Problem.of(403, "forbidden", "Not allowed", detail).deniedBecause(detail);
  }

  /** Turns any failure of a request's processing into a problem; only the unexpected ones are 500s. */
  public static HttpResponse failureResponse(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof ProblemException problem) {
      return problem.problem().toResponse();
    }
    Optional<Refusal> refusal = Refusal.in(cause);
    if (refusal.isPresent()) {
      return problemFor(refusal.get()).toResponse();
    }
    if (cause instanceof AskTimeoutException || cause instanceof TimeoutException) {
      return unavailable("the system did not answer in time").toResponse();
    }
    log.error("request failed", cause);
    return Problem.of(500, "internal", "Internal error", "the request failed; it was logged").toResponse();
  }

  /** The problem a refusal answers, decided by its kind alone; the kind's fields become the problem's. */
  public static Problem problemFor(Refusal refusal) {
    return switch (refusal.kind()) {
      case NOT_FOUND -> Problem.of(404, "not-found", "Not found", refusal.message());
      // Word for word what NOT_FOUND answers, so that nobody learns it exists.
      case HIDDEN -> Problem.of(404, "not-found", "Not found", refusal.message()).deniedBecause("not the caller's to see");
      case CONFLICT -> Problem.of(409, "conflict", "Conflicts with the current state", refusal.message());
      case FORBIDDEN -> forbidden(refusal.message());
      case NOT_LICENSED -> Problem.of(403, "not-licensed", "No license for this state", refusal.message()).deniedBecause(refusal.message());
      case INVALID -> Problem.of(400, "invalid", "Invalid request", refusal.message());
      case UNAVAILABLE -> unavailable(refusal.message());
      case ACTIVE_VISIT_EXISTS -> Problem.of(409, "active-visit-exists", "You already have a visit", refusal.message())
          .with("visitId", refusal.visitId().orElseThrow());
      case IDEMPOTENCY_KEY_REUSED -> Problem.of(422, "idempotency-key-reused", "Idempotency-Key already used", refusal.message())
          .with("visitId", refusal.visitId().orElseThrow());
      case RATE_LIMITED -> Problem.of(429, "rate-limited", "Too many messages", refusal.message())
          .withHeader(RawHeader.create("Retry-After", Long.toString(wholeSeconds(refusal.retryAfter().orElseThrow()))));
    };
  }

  /** Retry-After in whole seconds, rounded up and at least one, so that a retry never comes too early. */
  private static long wholeSeconds(java.time.Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  public static Problem unavailable(String detail) {
    return Problem.of(503, "unavailable", "Try again shortly", detail).withHeader(RawHeader.create("Retry-After", "1"));
  }

  private static String describe(Role[] roles) {
    return String.join(" or ", List.of(roles).stream().map(Role::slug).toList());
  }
}
