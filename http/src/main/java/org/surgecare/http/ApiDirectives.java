package org.surgecare.http;

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
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.pattern.AskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.surgecare.core.Refusal;
import org.surgecare.core.Role;
import org.surgecare.core.rules.UsState;
import org.surgecare.http.auth.Principal;

/** Directives every route group shares: authentication, tenant scope, JSON bodies and problem responses. */
abstract class ApiDirectives extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ApiDirectives.class);

  protected final ApiContext api;

  ApiDirectives(ApiContext api) {
    this.api = api;
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

  /** The caller, within the tenant of the path, holding one of the roles. */
  protected Route member(String tenant, Function<Principal, Route> inner, Role... roles) {
    return knownTenant(tenant, () -> authenticated(principal -> {
      if (!tenant.equals(principal.tenant())) {
        return problem(forbidden("the token is for another tenant"));
      }
      if (roles.length > 0 && !principal.hasAny(roles)) {
        return problem(forbidden("this needs the role " + describe(roles)));
      }
      return inner.apply(principal);
    }));
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

  /** Runs a read-model query on the blocking-reads executor, never on HTTP or actor threads. */
  protected <T> CompletionStage<T> blocking(Blocking<T> read) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return read.get();
      } catch (SQLException e) {
        throw new IllegalStateException("reading a read model failed", e);
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

  static Problem forbidden(String detail) {
    return Problem.of(403, "forbidden", "Not allowed", detail);
  }

  /** Turns any failure of a request's processing into a problem; only the unexpected ones are 500s. */
  static HttpResponse failureResponse(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof ProblemException problem) {
      return problem.problem().toResponse();
    }
    Optional<Refusal> refusal = Refusal.of(cause);
    if (refusal.isPresent()) {
      return problemFor(refusal.get()).toResponse();
    }
    if (cause instanceof AskTimeoutException || cause instanceof TimeoutException) {
      return unavailable("the system did not answer in time").toResponse();
    }
    log.error("request failed", cause);
    return Problem.of(500, "internal", "Internal error", "the request failed; it was logged").toResponse();
  }

  static Problem problemFor(Refusal refusal) {
    return switch (refusal.kind()) {
      case NOT_FOUND -> Problem.of(404, "not-found", "Not found", refusal.message());
      case CONFLICT -> Problem.of(409, "conflict", "Conflicts with the current state", refusal.message());
      case FORBIDDEN -> forbidden(refusal.message());
      case NOT_LICENSED -> Problem.of(403, "not-licensed", "No license for this state", refusal.message());
      case INVALID -> Problem.of(400, "invalid", "Invalid request", refusal.message());
      case UNAVAILABLE -> unavailable(refusal.message());
    };
  }

  static Problem unavailable(String detail) {
    return Problem.of(503, "unavailable", "Try again shortly", detail).withHeader(RawHeader.create("Retry-After", "1"));
  }

  private static String describe(Role[] roles) {
    return String.join(" or ", List.of(roles).stream().map(Role::slug).toList());
  }
}
