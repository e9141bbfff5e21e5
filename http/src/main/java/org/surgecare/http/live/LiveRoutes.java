package org.surgecare.http.live;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.http.javadsl.server.Route;
import org.surgecare.http.ApiContext;
import org.surgecare.http.api.ApiDirectives;

/**
 * The live WebSocket of a tenant. The token comes in the first message, never in the URL; a browser's Origin
 * must be on the allowlist (clients that send none, such as servers and tests, are let through to authenticate).
 */
public final class LiveRoutes extends ApiDirectives {
  private final ActorSystem<?> system;
  private final Map<String, ActorRef<LiveHub.Command>> hubs;

  public LiveRoutes(ApiContext api, ActorSystem<?> system) {
    super(api);
    this.system = system;
    this.hubs = api.tenants().stream().collect(Collectors.toUnmodifiableMap(Function.identity(), tenant ->
        system.systemActorOf(LiveHub.create(api, tenant), "live-hub-" + tenant, Props.empty())));
  }

  public Route routes(String tenant) {
    return path("live", () -> get(() -> knownTenant(tenant, () -> optionalHeaderValueByName("Origin", origin -> {
      if (origin.isPresent() && !api.originAllowed().test(origin.get())) {
        return problem(forbidden("the origin " + origin.get() + " may not open live connections"));
      }
      return handleWebSocketMessagesForProtocol(LiveSession.flow(api, system, tenant, hubs.get(tenant)), LiveSession.PROTOCOL);
    }))));
  }
}
