package org.surgecare.http;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The live WebSocket of a tenant. The token comes in the first message, never in the URL; a browser's Origin
 * must be on the allowlist (clients that send none, such as servers and tests, are let through to authenticate).
 */
final class LiveRoutes extends ApiDirectives {
  private final ActorSystem<?> system;

  LiveRoutes(ApiContext api, ActorSystem<?> system) {
    super(api);
    this.system = system;
  }

  Route routes(String tenant) {
    return path("live", () -> get(() -> knownTenant(tenant, () -> optionalHeaderValueByName("Origin", origin -> {
      if (origin.isPresent() && !api.originAllowed().test(origin.get())) {
        return problem(forbidden("the origin " + origin.get() + " may not open live connections"));
      }
      return handleWebSocketMessagesForProtocol(LiveSession.flow(api, system, tenant), LiveSession.PROTOCOL);
    }))));
  }
}
