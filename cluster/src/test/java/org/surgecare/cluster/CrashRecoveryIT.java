package org.surgecare.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The node is started as its own JVM with the README's environment, killed with SIGKILL under load, and started
 * again with the same command: every acknowledged visit is back, and the leftover database server is handled.
 */
class CrashRecoveryIT {
  private Path dataDir;
  private Process process;
  private Path log;

  @AfterEach
  void cleanUp() throws Exception {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    // Stop a database server a killed node may have left, then remove its files.
    if (dataDir != null) {
      EmbeddedDatabase.stopLeftoverServer(dataDir.resolve("postgres"));
    }
    TestNodes.delete(dataDir);
  }

  @Test
  void acknowledgedVisitsSurviveKillNine() throws Exception {
    dataDir = TestNodes.newDataDir();
    log = dataDir.resolve("node.log");
    int httpPort = freePort();
    int remotePort = freePort();
    String base = "http://127.0.0.1:" + httpPort;

    process = startNode(httpPort, remotePort);
    awaitReady(base);
    ApiClient api = new ApiClient(base);
    Fixtures acme = new Fixtures(api, TestNodes.TENANT);
    acme.openAllDay("WA", 10_000);

    // Intakes keep arriving while the node is killed; only the acknowledged ones are promised.
    List<String> patients = IntStream.range(0, 300).mapToObj(i -> acme.patient("crash-" + i)).toList();
    List<CompletableFuture<ApiClient.Response>> inFlight = new ArrayList<>();
    for (int i = 0; i < patients.size(); i++) {
      inFlight.add(api.send("POST", acme.path("/visits"), patients.get(i),
          Map.of("state", "WA", "reason", "crash " + i), Map.of("Idempotency-Key", "crash-key-" + i)));
    }
    Instant killAt = Instant.now().plusSeconds(20);
    while (inFlight.stream().filter(CompletableFuture::isDone).count() < 100 && Instant.now().isBefore(killAt)) {
      Thread.sleep(5);
    }
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    List<String> acknowledged = new ArrayList<>();
    for (CompletableFuture<ApiClient.Response> f : inFlight) {
      try {
        ApiClient.Response r = f.join();
        if (r.status() == 201) {
          acknowledged.add(r.json().get("id").asText());
        }
      } catch (Exception connectionLost) {
        // not acknowledged
      }
    }
    assertThat(acknowledged).isNotEmpty();

    process = startNode(httpPort, remotePort);
    awaitReady(base);
    ApiClient after = new ApiClient(base);
    Fixtures acmeAfter = new Fixtures(after, TestNodes.TENANT);
    List<String> waiting = new ArrayList<>();
    after.get(acmeAfter.path("/queues/WA"), acmeAfter.admin).json().get("waiting").forEach(w -> waiting.add(w.get("visitId").asText()));
    for (String id : acknowledged) {
      ApiClient.Response visit = after.get(acmeAfter.path("/visits/" + id), acmeAfter.admin);
      assertThat(visit.status()).as("visit " + id + " was acknowledged before the crash").isEqualTo(200);
      assertThat(visit.json().get("status").asText()).isEqualTo("waiting");
    }
    assertThat(waiting).containsAll(acknowledged);
    assertThat(IntStream.range(0, waiting.size()).mapToObj(waiting::get).distinct().count()).isEqualTo(waiting.size());
  }

  private Process startNode(int httpPort, int remotePort) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m",
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName());
    Map<String, String> env = builder.environment();
    env.put("SURGECARE_DEV_ISSUER", "on");
    env.put("SURGECARE_HTTP_PORT", Integer.toString(httpPort));
    env.put("SURGECARE_REMOTE_PORT", Integer.toString(remotePort));
    env.put("SURGECARE_DATA_DIR", dataDir.toString());
    env.put("SURGECARE_TENANTS", TestNodes.TENANT);
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return builder.start();
  }

  private void awaitReady(String base) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("node exited:\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(250);
    }
    throw new AssertionError("node not ready in time:\n" + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
