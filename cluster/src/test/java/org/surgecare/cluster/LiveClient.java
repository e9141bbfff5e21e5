package org.surgecare.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.surgecare.http.api.Json;

/** A live WebSocket client for tests: sends JSON, collects every message, and knows when the server closed. */
public final class LiveClient implements WebSocket.Listener, AutoCloseable {
  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  private final WebSocket socket;
  private volatile java.util.function.Consumer<JsonNode> listener = message -> {};

  /** Also hands every message to a listener as it arrives (benchmarks time them). */
  public LiveClient onMessage(java.util.function.Consumer<JsonNode> newListener) {
    this.listener = newListener;
    return this;
  }

  private LiveClient(String baseUrl, String tenant, Optional<String> origin) {
    HttpClient http = HttpClient.newHttpClient();
    WebSocket.Builder builder = http.newWebSocketBuilder().subprotocols("surgecare.v1").connectTimeout(Duration.ofSeconds(5));
    origin.ifPresent(o -> builder.header("Origin", o));
    this.socket = builder
        .buildAsync(URI.create(baseUrl.replace("http://", "ws://") + "/api/v1/tenants/" + tenant + "/live"), this)
        .join();
  }

  public static LiveClient connect(String baseUrl, String tenant) {
    return new LiveClient(baseUrl, tenant, Optional.empty());
  }

  public static LiveClient connect(String baseUrl, String tenant, String origin) {
    return new LiveClient(baseUrl, tenant, Optional.of(origin));
  }

  public LiveClient send(Map<String, Object> message) {
    socket.sendText(new String(Json.bytes(message)), true).join();
    return this;
  }

  public LiveClient sendRaw(String text) {
    socket.sendText(text, true).join();
    return this;
  }

  /** Authenticates and waits for "ready". */
  public LiveClient auth(String token) {
    send(Map.of("type", "auth", "token", token));
    await(m -> m.path("type").asText().equals("ready"));
    return this;
  }

  /** The first message (from now on, in order) that matches; fails after a few seconds. */
  public JsonNode await(Predicate<JsonNode> matching) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      while (System.nanoTime() < deadline) {
        JsonNode next = received.poll(100, TimeUnit.MILLISECONDS);
        if (next != null && matching.test(next)) {
          return next;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("no matching live message in time");
  }

  public JsonNode awaitType(String type) {
    return await(m -> m.path("type").asText().equals(type));
  }

  /** Waits until the server has closed the connection. */
  public boolean awaitClosed() {
    try {
      closed.get(10, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        if (System.getProperty("live.debug") != null) {
          System.out.println("LIVE <- " + partial);
        }
        JsonNode message = Json.MAPPER.readTree(partial.toString());
        listener.accept(message);
        received.add(message);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(-1);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
    socket.abort();
  }
}
