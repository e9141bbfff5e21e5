package org.surgecare.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.surgecare.http.api.Json;

/** The web pages as served over HTTP, with the development issuer on and off. */
class WebRoutesTest {
  private static ActorSystem<Void> system;
  private static ServerBinding demo;
  private static ServerBinding production;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void bind() throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "web-routes-test");
    demo = bind(new WebRoutes(true));
    production = bind(new WebRoutes(false));
  }

  private static ServerBinding bind(WebRoutes routes) throws Exception {
    return Http.get(system).newServerAt("127.0.0.1", 0).bind(routes.route().seal())
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static HttpResponse<String> get(ServerBinding server, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.localAddress().getPort() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withoutTheDevelopmentIssuerNothingOfTheDemoLoginIsServed() throws Exception {
    assertThat(get(production, "/login").statusCode()).isEqualTo(404);
    assertThat(get(production, "/assets/login.js").statusCode()).isEqualTo(404);
    HttpResponse<String> dashboard = get(production, "/");
    assertThat(dashboard.statusCode()).isEqualTo(200);
    assertThat(dashboard.body()).contains("<title>Caregiver dashboard").doesNotContain("demo-login\"").doesNotContain("/login");
    assertThat(get(production, "/patient").body()).doesNotContain("/login");
  }

  @Test
  void withTheDevelopmentIssuerTheLoginPageAndItsScriptAreServedAndOffered() throws Exception {
    HttpResponse<String> login = get(demo, "/login");
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
    HttpResponse<String> script = get(demo, "/assets/login.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=UTF-8");
    assertThat(script.body()).contains("/dev/token");
    assertThat(get(demo, "/operator").body()).contains("<meta name=\"demo-login\" content=\"/login\">");
  }

  @Test
  void pagesForbidFramingAndForeignScriptsAndEveryFileRevalidates() throws Exception {
    HttpResponse<String> page = get(demo, "/patient");
    assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
        .contains("script-src 'self'").contains("frame-ancestors 'none'");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    HttpResponse<String> css = get(demo, "/assets/app.css");
    assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=UTF-8");
    String etag = css.headers().firstValue("ETag").orElseThrow();
    assertThat(get(demo, "/assets/app.css", "If-None-Match", etag).statusCode()).as("unchanged: not sent again").isEqualTo(304);
  }

  @Test
  void theStatesComeFromTheListTheApiChecksAgainst() throws Exception {
    HttpResponse<String> states = get(demo, "/assets/states.json");
    assertThat(states.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(states.body())).hasSize(org.surgecare.core.common.UsState.values().length);
    assertThat(states.body()).contains("{\"code\":\"WA\",\"name\":\"Washington\"}");
  }

  @Test
  void onlyShippedAssetsAreServed() throws Exception {
    assertThat(get(demo, "/assets/nothing-here.js").statusCode()).isEqualTo(404);
    assertThat(get(demo, "/assets/..%2Fopenapi.yaml").statusCode()).isEqualTo(404);
    assertThat(get(demo, "/assets/dashboard.html").statusCode()).isEqualTo(404);
  }
}
