package org.surgecare.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live WebSocket over a real node: what caregivers and patients receive, and who is refused. */
class LiveUpdatesIT extends OneNodeTest {

  @Test
  void caregiverSeesAnotherClientsIntake() {
    acme.openAllDay("WA", 100);
    String support = api.token("live-support", "support", TestNodes.TENANT);
    try (LiveClient caregiver = LiveClient.connect(node.baseUrl(), TestNodes.TENANT).auth(support)) {
      caregiver.send(Map.of("type", "subscribe", "states", List.of("WA")));
      caregiver.awaitType("subscribed");

      String visitId = acme.intake(acme.patient("live-intake"), "WA", null).json().get("id").asText();

      JsonNode queue = caregiver.await(m -> m.path("type").asText().equals("queue")
          && m.path("waiting").findValuesAsText("visitId").contains(visitId));
      assertThat(queue.get("state").asText()).isEqualTo("WA");
      assertThat(queue.get("seq").asLong()).isPositive();
      assertThat(queue.get("queue").get("waiting").asInt()).isGreaterThanOrEqualTo(1);
      JsonNode visit = caregiver.await(m -> m.path("type").asText().equals("visit") && m.path("visit").path("id").asText().equals(visitId));
      assertThat(visit.get("visit").get("status").asText()).isEqualTo("waiting");
      // Each change says when its write was confirmed, so that persist → socket can be timed at the client.
      assertThat(Instant.parse(queue.get("persistedAt").asText())).isNotNull();
      assertThat(Instant.parse(visit.get("persistedAt").asText())).isNotNull();
    }
  }

  @Test
  void aCaregiverGetsOnlyTheStatesItWatchesNow() {
    acme.openAllDay("ID", 100);
    acme.openAllDay("MT", 100);
    String support = api.token("live-switch", "support", TestNodes.TENANT);
    try (LiveClient caregiver = LiveClient.connect(node.baseUrl(), TestNodes.TENANT).auth(support)) {
      caregiver.send(Map.of("type", "subscribe", "states", List.of("ID")));
      caregiver.awaitType("subscribed");
      caregiver.send(Map.of("type", "subscribe", "states", List.of("MT")));
      caregiver.awaitType("subscribed");

      String inIdaho = acme.intake(acme.patient("live-switch-id"), "ID", null).json().get("id").asText();
      String inMontana = acme.intake(acme.patient("live-switch-mt"), "MT", null).json().get("id").asText();

      List<JsonNode> seen = new java.util.ArrayList<>();
      caregiver.await(m -> seen.add(m) && m.path("type").asText().equals("queue")
          && m.path("waiting").findValuesAsText("visitId").contains(inMontana));
      assertThat(seen).noneMatch(m -> m.path("state").asText().equals("ID")
          || m.path("visit").path("id").asText().equals(inIdaho));
    }
  }

  @Test
  void patientSeesTheirPositionMove() {
    acme.openAllDay("OR", 100);
    String provider = acme.provider("live-doc", "OR");
    String first = acme.intake(acme.patient("live-first"), "OR", null).json().get("id").asText();
    String patient = acme.patient("live-second");
    String second = acme.intake(patient, "OR", null).json().get("id").asText();

    try (LiveClient socket = LiveClient.connect(node.baseUrl(), TestNodes.TENANT).auth(patient)) {
      socket.send(Map.of("type", "subscribe", "visit", second));
      socket.awaitType("subscribed");
      JsonNode initial = socket.awaitType("visit");
      assertThat(initial.get("visit").get("id").asText()).isEqualTo(second);
      assertThat(initial.has("persistedAt")).as("the snapshot on subscribing is no change").isFalse();

      assertThat(api.post(acme.path("/providers/live-doc/next"), provider, null).json().get("id").asText()).isEqualTo(first);
      JsonNode moved = socket.await(m -> m.path("type").asText().equals("position") && m.path("position").asInt() == 1);
      assertThat(moved.get("visitId").asText()).isEqualTo(second);
      assertThat(Instant.parse(moved.get("persistedAt").asText())).isNotNull();

      api.post(acme.path("/visits/" + first + "/start"), provider, null);
      api.post(acme.path("/visits/" + first + "/complete"), provider, null);
      assertThat(api.post(acme.path("/providers/live-doc/next"), provider, null).json().get("id").asText()).isEqualTo(second);
      JsonNode assigned = socket.await(m -> m.path("type").asText().equals("visit")
          && m.path("visit").path("status").asText().equals("assigned"));
      assertThat(assigned.get("visit").get("providerId").asText()).isEqualTo("live-doc");
      assertThat(Instant.parse(assigned.get("persistedAt").asText())).isNotNull();
    }
  }

  @Test
  void aForeignOriginIsRefused() {
    assertThatThrownBy(() -> LiveClient.connect(node.baseUrl(), TestNodes.TENANT, "https://evil.example.com"))
        .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
    try (LiveClient allowed = LiveClient.connect(node.baseUrl(), TestNodes.TENANT, "http://pages.example.org")) {
      allowed.auth(api.token("origin-ok", "support", TestNodes.TENANT));
    }
  }

  @Test
  void noTokenIsRefused() {
    try (LiveClient socket = LiveClient.connect(node.baseUrl(), TestNodes.TENANT)) {
      socket.send(Map.of("type", "subscribe", "states", List.of("WA")));
      JsonNode closing = socket.awaitType("closing");
      assertThat(closing.get("code").asInt()).isEqualTo(4401);
      assertThat(socket.awaitClosed()).isTrue();
    }
  }

  @Test
  void anExpiredTokenIsRefusedAndALiveOneClosesWhenItExpires() throws Exception {
    String shortLived = api.post("/dev/token", null, Map.of(
        "subject", "brief", "role", "support", "tenant", TestNodes.TENANT, "expiresInSeconds", 2)).json().get("token").asText();
    try (LiveClient socket = LiveClient.connect(node.baseUrl(), TestNodes.TENANT).auth(shortLived)) {
      JsonNode closing = socket.awaitType("closing");
      assertThat(closing.get("code").asInt()).isEqualTo(4401);
      assertThat(socket.awaitClosed()).isTrue();
    }
    try (LiveClient socket = LiveClient.connect(node.baseUrl(), TestNodes.TENANT)) {
      socket.send(Map.of("type", "auth", "token", shortLived));
      assertThat(socket.awaitType("closing").get("code").asInt()).isEqualTo(4401);
    }
  }

  @Test
  void anotherTenantsTokenIsRefused() {
    String foreign = api.token("elsewhere", "support", "other");
    try (LiveClient socket = LiveClient.connect(node.baseUrl(), TestNodes.TENANT)) {
      socket.send(Map.of("type", "auth", "token", foreign));
      assertThat(socket.awaitType("closing").get("code").asInt()).isEqualTo(4401);
    }
  }

  @Test
  void aPatientCannotWatchAnotherPatientsVisitOrQueues() {
    acme.openAllDay("ID", 100);
    String someoneElse = acme.intake(acme.patient("live-owner"), "ID", null).json().get("id").asText();
    try (LiveClient socket = LiveClient.connect(node.baseUrl(), TestNodes.TENANT).auth(acme.patient("live-snoop"))) {
      socket.send(Map.of("type", "subscribe", "visit", someoneElse));
      assertThat(socket.awaitType("error").get("error").asText()).isEqualTo("forbidden");
      socket.send(Map.of("type", "subscribe", "states", List.of("ID")));
      assertThat(socket.awaitType("error").get("error").asText()).isEqualTo("forbidden");
    }
  }

  @Test
  void oversizedAndFloodingClientsAreDropped() {
    try (LiveClient socket = LiveClient.connect(node.baseUrl(), TestNodes.TENANT).auth(api.token("big", "support", TestNodes.TENANT))) {
      socket.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(5_000) + "\"}");
      assertThat(socket.awaitType("closing").get("code").asInt()).isEqualTo(1008);
    }
    try (LiveClient socket = LiveClient.connect(node.baseUrl(), TestNodes.TENANT).auth(api.token("chatty", "support", TestNodes.TENANT))) {
      for (int i = 0; i < 30; i++) {
        socket.send(Map.of("type", "ping"));
      }
      assertThat(socket.awaitType("closing").get("code").asInt()).isEqualTo(1008);
    }
  }
}
