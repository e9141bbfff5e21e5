package org.surgecare.http;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.surgecare.core.common.Role;
import org.surgecare.http.api.ApiDirectives;
import org.surgecare.http.api.Fields;
import org.surgecare.http.api.Json;
import org.surgecare.http.api.Problem;
import org.surgecare.http.api.RequestMetrics;
import org.surgecare.http.api.Resources;
import org.surgecare.http.audit.AuditRoutes;
import org.surgecare.http.auth.DevIssuer;
import org.surgecare.http.care.CaregiverRoutes;
import org.surgecare.http.care.ChatRoutes;
import org.surgecare.http.care.DashboardRoutes;
import org.surgecare.http.care.QueueHistoryRoutes;
import org.surgecare.http.care.QueueRoutes;
import org.surgecare.http.care.VisitRoutes;
import org.surgecare.http.live.LiveRoutes;
import org.surgecare.http.operator.OperatorRoutes;
import org.surgecare.http.web.WebRoutes;

/**
 * The node's HTTP surface: health, the OpenAPI document, the development issuer when enabled, the web pages,
 * and the tenant API. Every rejection and failure leaves as problem+json.
 */
public final class ApiRoutes extends ApiDirectives {
  private final VisitRoutes visits;
  private final QueueRoutes queues;
  private final CaregiverRoutes caregivers;
  private final DashboardRoutes dashboard;
  private final LiveRoutes live;
  private final OperatorRoutes operator;
  private final ChatRoutes chat;
  private final AuditRoutes audit;
  private final QueueHistoryRoutes history;
  private final WebRoutes web;
  private final byte[] openApi;

  public ApiRoutes(ApiContext api, ActorSystem<?> system) {
    super(api);
    this.dashboard = new DashboardRoutes(api);
    this.live = new LiveRoutes(api, system);
    this.operator = new OperatorRoutes(api);
    this.visits = new VisitRoutes(api);
    this.queues = new QueueRoutes(api);
    this.caregivers = new CaregiverRoutes(api);
    this.chat = new ChatRoutes(api);
    this.audit = new AuditRoutes(api);
    this.history = new QueueHistoryRoutes(api);
    this.web = new WebRoutes(api.devIssuer().isPresent());
    this.openApi = Resources.required("openapi.yaml");
  }

  /**
   * The route tree, built once: directives run their inner routes for every request, so a tree built inside
   * one (as a per-request lambda) would be built again for each request.
   */
  public Route route() {
    Map<String, Route> tenantRoutes = api.tenants().stream()
        .collect(Collectors.toUnmodifiableMap(tenant -> tenant, this::tenantRoutes));
    Route routes = concat(
        path(segment("health").slash("alive"), () -> get(() -> complete(Json.ok(Map.of("status", "alive"))))),
        path(segment("health").slash("ready"), () -> get(() -> api.ready().getAsBoolean()
            ? complete(Json.ok(Map.of("status", "ready")))
            : problem(ApiDirectives.unavailable("the node is starting or leaving the cluster")))),
        path(segment("api").slash("openapi.yaml"), () -> get(() -> complete(HttpResponse.create().withEntity(
            HttpEntities.create(ContentTypes.create(MediaTypes.applicationWithOpenCharset("yaml"), HttpCharsets.UTF_8), openApi))))),
        path(segment("dev").slash("token"), () -> post(this::devToken)),
        operator.routes(),
        web.route(),
        // Unknown tenants get their routes built per request: they only answer tenant-not-found.
        pathPrefix(segment("api").slash("v1").slash("tenants").slash(segment()), tenant -> {
          Route known = tenantRoutes.get(tenant);
          return known != null ? known : tenantRoutes(tenant);
        }));
    ExceptionHandler exceptions = exceptions();
    RejectionHandler rejections = rejections();
    Route handled = withRequestTimeoutResponse(request -> ApiDirectives.unavailable("the request took too long; retry").toResponse(),
        () -> handleExceptions(exceptions, () -> handleRejections(rejections, () -> routes)));
    return timed(handled);
  }

  private Route tenantRoutes(String tenant) {
    return concat(
        queues.routes(tenant),
        history.routes(tenant),
        dashboard.routes(tenant),
        live.routes(tenant),
        chat.routes(tenant),
        visits.routes(tenant),
        caregivers.routes(tenant),
        audit.routes(tenant));
  }

  /** Records every request's latency and status, including rejections and failures. */
  private Route timed(Route inner) {
    return extractRequest(request -> {
      long started = System.nanoTime();
      String group = RequestMetrics.groupOf(request.getUri().path());
      String method = request.method().name();
      return mapResponse(response -> {
        api.metrics().record(group, method, response.status().intValue(), System.nanoTime() - started);
        return response;
      }, () -> inner);
    });
  }

  /** Mints a demo persona's token; absent (404) unless the development issuer is on. */
  private Route devToken() {
    Optional<DevIssuer> issuer = api.devIssuer();
    if (issuer.isEmpty()) {
      return reject();
    }
    return jsonBody(body -> validated(() -> {
      Fields fields = new Fields();
      String subject = fields.id(body, "subject", true);
      Optional<Role> role = fields.parsed("role", fields.text(body, "", "role", 16, true),
          text -> Role.parse(text).orElseThrow(() -> new IllegalArgumentException(text)), "patient, provider, support, admin or operator");
      String tenant = fields.text(body, "", "tenant", 64, true);
      if (!tenant.isEmpty() && !api.tenants().contains(tenant)) {
        fields.error("tenant", "no such tenant");
      }
      String name = fields.text(body, "", "name", 200, false);
      int lifetime = fields.integer(body, "expiresInSeconds", 1, (int) DevIssuer.LIFETIME.toSeconds(), (int) DevIssuer.LIFETIME.toSeconds());
      fields.check();
      String token = issuer.get().mint(subject, role.orElseThrow(), tenant, name.isEmpty() ? subject : name, Duration.ofSeconds(lifetime));
      return complete(Json.ok(Map.of("token", token, "expiresInSeconds", lifetime)));
    }));
  }

  private RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handleAll(MethodRejection.class, all -> {
          String allowed = String.join(", ", all.stream().map(r -> r.supported().name()).distinct().toList());
          return problem(Problem.of(405, "method-not-allowed", "Method not allowed", "use " + allowed)
              .withHeader(RawHeader.create("Allow", allowed)));
        })
        .handle(UnsupportedRequestContentTypeRejection.class, r ->
            problem(Problem.of(415, "unsupported-media-type", "Send JSON", "the body must be application/json")))
        .handle(MalformedRequestContentRejection.class, r -> problem(r.getCause() instanceof EntityStreamSizeException
            ? tooLarge()
            : Problem.of(400, "malformed-body", "The body could not be read", r.message())))
        .handleNotFound(problem(Problem.of(404, "not-found", "Not found", "no such resource")))
        .handle(Rejection.class, r -> problem(Problem.of(400, "bad-request", "Bad request",
            "the request could not be handled (" + r.getClass().getSimpleName().replace("Rejection", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT) + ")")))
        .build()
        .seal();
  }

  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(EntityStreamSizeException.class, e -> problem(tooLarge()))
        .match(Throwable.class, e -> complete(ApiDirectives.failureResponse(e)))
        .build();
  }

  private static Problem tooLarge() {
    return Problem.of(413, "payload-too-large", "The body is too large", "request bodies are limited to 64 KiB");
  }
}
