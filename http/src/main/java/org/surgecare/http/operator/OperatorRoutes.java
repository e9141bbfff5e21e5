package org.surgecare.http.operator;

import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;
import org.surgecare.core.common.Role;
import org.surgecare.http.ApiContext;
import org.surgecare.http.api.ApiDirectives;
import org.surgecare.http.api.Json;

/** What operators watch: the cluster status for the operator view, and Prometheus metrics. */
public final class OperatorRoutes extends ApiDirectives {

  public OperatorRoutes(ApiContext api) {
    super(api);
  }

  public Route routes() {
    return concat(
        path(segment("api").slash("v1").slash("operator").slash("status"), () -> get(() -> authenticated(caller ->
            caller.has(Role.OPERATOR)
                ? reply(api.operatorStatus().get().thenApply(Json::ok))
                : problem(forbidden("this needs the role operator"))))),
        // Scraped by Prometheus from inside the cluster network; it holds no patient data.
        path("metrics", () -> get(() -> complete(HttpResponse.create().withEntity(
            HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, api.metrics().registry().scrape()))))));
  }

  private static org.apache.pekko.http.javadsl.server.PathMatcher0 segment(String name) {
    return org.apache.pekko.http.javadsl.server.PathMatchers.segment(name);
  }
}
