package org.surgecare.load.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * The one HTTP client of the load harnesses (JDK HttpClient): the request every harness builds, and plain blocking
 * calls for setup before a run (not measured): queues, caregivers, probes.
 */
public final class HttpApi {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpApi() {}

  public record Answer(int status, String body) {}

  /** A JSON request; {@code token}, {@code body} and {@code idempotencyKey} may be null. */
  public static HttpRequest request(String method, String url, String token, String body, String idempotencyKey,
      Duration timeout) {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Accept", "application/json");
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    if (idempotencyKey != null) {
      r.header("Idempotency-Key", idempotencyKey);
    }
    if (body != null) {
      r.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      r.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return r.build();
  }

  public static Answer send(String method, String url, String token, String body) {
    try {
      HttpResponse<String> response =
          CLIENT.send(request(method, url, token, body, null, Duration.ofSeconds(20)), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("setup call " + method + " " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends and insists on one of the expected statuses. */
  public static String expect(String method, String url, String token, String body, Integer... ok) {
    Answer answer = send(method, url, token, body);
    if (!Set.of(ok).contains(answer.status())) {
      throw new IllegalStateException(method + " " + url + " answered " + answer.status() + ": " + answer.body());
    }
    return answer.body();
  }

  public static String post(String url, String token, String body, Integer... ok) {
    return expect("POST", url, token, body, ok);
  }

  public static String field(String json, String name) {
    try {
      JsonNode node = JSON.readTree(json).get(name);
      return node == null ? null : node.asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the node answers ready, at most {@code seconds}. */
  public static void awaitReady(String baseUrl, int seconds) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        if (send("GET", baseUrl + "/health/ready", null, null).status() == 200) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        // not listening yet
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException(baseUrl + " is not ready after " + seconds + " s");
  }
}
