package org.surgecare.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.surgecare.http.api.Json;

/** A small client for the real HTTP API, as a browser or app would call it. */
public final class ApiClient {
  public record Response(int status, String contentType, java.net.http.HttpHeaders headers, JsonNode json, String body) {
    public String type() {
      return json.path("type").asText();
    }
  }

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final String base;

  public ApiClient(String base) {
    this.base = base;
  }

  public String token(String subject, String role, String tenant) {
    Response r = send("POST", "/dev/token", null, Map.of("subject", subject, "role", role, "tenant", tenant), Map.of()).join();
    if (r.status() != 200) {
      throw new IllegalStateException("no token: " + r.body());
    }
    return r.json().get("token").asText();
  }

  public Response get(String path, String token) {
    return send("GET", path, token, null, Map.of()).join();
  }

  public Response post(String path, String token, Object body) {
    return send("POST", path, token, body, Map.of()).join();
  }

  public Response put(String path, String token, Object body) {
    return send("PUT", path, token, body, Map.of()).join();
  }

  public CompletableFuture<Response> send(String method, String path, String token, Object body, Map<String, String> headers) {
    String json = body == null ? null : body instanceof String text ? text : new String(Json.bytes(body));
    return raw(method, path, token, json, json == null ? null : "application/json", headers);
  }

  public CompletableFuture<Response> raw(String method, String path, String token, String body, String contentType, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    headers.forEach(request::header);
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
      JsonNode parsed;
      try {
        parsed = r.body().isEmpty() ? MissingNode.getInstance() : Json.MAPPER.readTree(r.body());
      } catch (Exception notJson) {
        parsed = MissingNode.getInstance();
      }
      return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.headers(), parsed, r.body());
    });
  }
}
