package org.surgecare.load.care;

import org.surgecare.load.support.HttpApi;
import org.surgecare.load.support.LocalIssuer;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Access tokens for virtual users. Against a node with the development issuer on, tokens come from
 * {@code POST /dev/token} (each costs the node an RSA signature, about 2.5 ms of CPU); with
 * {@code -Dsurgecare.issuerKey} they are signed here by the benchmark's own issuer, which the node trusts as its
 * OIDC provider (see {@link LocalIssuer}). Patients' tokens can be signed before the run ({@link #presign}), so
 * that the load generator, which shares the machine with the node, does not sign during the measured run.
 */
final class Tokens {
  private final LoadConfig config;
  private final Optional<LocalIssuer> issuer;
  private final ConcurrentLinkedQueue<String[]> presigned = new ConcurrentLinkedQueue<>();

  Tokens(LoadConfig config) {
    this.config = config;
    this.issuer = config.issuerKey.map(LocalIssuer::fromFile);
  }

  /** A token for setup calls and caregivers, outside the measured requests. */
  String token(String subject, String role) {
    if (issuer.isPresent()) {
      return issuer.get().mint(subject, role, config.tenant, subject);
    }
    String body = "{\"subject\":\"" + subject + "\",\"role\":\"" + role + "\",\"tenant\":\"" + config.tenant + "\"}";
    String answer = HttpApi.post(config.baseUrl + "/dev/token", null, body, 200);
    return HttpApi.field(answer, "token");
  }

  /** Signs patient tokens for {@code subjectPrefix + i}, i below {@code count}, on two threads; no-op without a local issuer. */
  void presign(String subjectPrefix, int count) {
    if (issuer.isEmpty() || count <= 0) {
      return;
    }
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    for (int t = 0; t < 2; t++) {
      int first = t;
      pool.execute(() -> {
        for (int i = first; i < count; i += 2) {
          String subject = subjectPrefix + i;
          presigned.add(new String[] {subject, issuer.get().mint(subject, "patient", config.tenant, "Load patient")});
        }
      });
    }
    pool.shutdown();
    try {
      pool.awaitTermination(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.printf("setup: %d patient tokens signed in %.1f s%n", presigned.size(), (System.nanoTime() - started) / 1e9);
  }

  /** A pre-signed patient: {subject, token}, or null when none is left. */
  String[] nextPresigned() {
    return presigned.poll();
  }

  /** Puts a token for the session's {@code subject} with {@code role} into {@code token}. */
  ChainBuilder into(String role) {
    if (issuer.isPresent()) {
      LocalIssuer signer = issuer.get();
      return exec(session -> session.set("token", signer.mint(session.getString("subject"), role, config.tenant, "Load " + role)));
    }
    return exec(http("dev token").post("/dev/token")
        .body(StringBody("{\"subject\":\"#{subject}\",\"role\":\"" + role + "\",\"tenant\":\"" + config.tenant + "\"}"))
        .asJson()
        .check(status().is(200), jsonPath("$.token").saveAs("token")));
  }
}
