package org.surgecare.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import java.util.Optional;

/**
 * Access tokens for virtual users. Against a node with the development issuer on, tokens come from
 * {@code POST /dev/token} (each costs the node an RSA signature, about 2.5 ms of CPU); with
 * {@code -Dsurgecare.issuerKey} they are signed here by the benchmark's own issuer, which the node trusts as its
 * OIDC provider (see {@link LocalIssuer}).
 */
final class Tokens {
  private final LoadConfig config;
  private final Optional<LocalIssuer> issuer;

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
    String answer = SetupClient.post(config.baseUrl + "/dev/token", null, body, 200);
    return SetupClient.field(answer, "token");
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
