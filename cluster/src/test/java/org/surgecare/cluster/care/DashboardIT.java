package org.surgecare.cluster.care;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.surgecare.cluster.ApiClient;
import org.surgecare.cluster.OneNodeTest;
import org.surgecare.cluster.Projections;
import org.surgecare.cluster.TestNodes;

/** The caregiver dashboard from the read model, and read-your-writes with consistency tokens. */
class DashboardIT extends OneNodeTest {

  private static JsonNode dashboard(String token, String query) {
    ApiClient.Response r = api.get(acme.path("/dashboard" + query), token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static List<String> ids(JsonNode dashboard, String state) {
    List<String> ids = new ArrayList<>();
    dashboard.get("visits").forEach(v -> {
      if (v.get("state").asText().equals(state)) {
        ids.add(v.get("id").asText());
      }
    });
    return ids;
  }

  @Test
  void showsEveryWatchedQueueAndItsVisitsInDispatchOrder() {
    acme.openAllDay("CO", 100);
    acme.openAllDay("KS", 100);
    String provider = acme.provider("dash-doc", "CO");
    String support = api.token("dash-support", "support", TestNodes.TENANT);
    String first = acme.intake(acme.patient("dash-1"), "CO", null).json().get("id").asText();
    String second = acme.intake(acme.patient("dash-2"), "CO", null).json().get("id").asText();
    String urgent = api.send("POST", acme.path("/visits"), acme.patient("dash-3"),
        Map.of("state", "CO", "reason", "chest pain", "priority", 5), Map.of()).join().json().get("id").asText();
    String token = api.post(acme.path("/providers/dash-doc/next"), provider, null).json().get("consistencyToken").asText();

    // The token is the last write's; the other visits were written earlier but may sit in other projection
    // slices, so wait until all three show.
    dashboard(support, "?states=CO,KS&consistencyToken=" + token);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ids(dashboard(support, "?states=CO"), "CO").size() == 3);
    JsonNode board = dashboard(support, "?states=CO,KS");
    assertThat(board.get("queues")).hasSize(2);
    JsonNode colorado = board.get("queues").get(0).get("state").asText().equals("CO") ? board.get("queues").get(0) : board.get("queues").get(1);
    assertThat(colorado.get("waiting").asInt()).isEqualTo(2);
    assertThat(colorado.get("open").asBoolean()).isTrue();
    assertThat(colorado.get("providersAvailable").asDouble()).isEqualTo(1.0);
    assertThat(colorado.has("longestWaitSeconds")).isTrue();
    assertThat(colorado.has("estimatedWaitSeconds")).isTrue();

    assertThat(ids(board, "CO")).containsExactly(first, second, urgent);
    JsonNode taken = board.get("visits").get(ids(board, "CO").indexOf(urgent));
    assertThat(taken.get("status").asText()).as("the urgent patient was taken first").isEqualTo("assigned");
    assertThat(taken.get("providerId").asText()).isEqualTo("dash-doc");
    assertThat(board.get("visits").get(0).get("position").asInt()).isEqualTo(1);
    assertThat(board.get("visits").get(1).get("position").asInt()).isEqualTo(2);
  }

  @Test
  void aProviderWatchesTheirLicensedStatesByDefault() {
    String provider = acme.provider("dash-default", "VT", "NH");
    JsonNode board = dashboard(provider, "");
    assertThat(board.get("queues").findValuesAsText("state")).containsExactly("NH", "VT");
  }

  @Test
  void badStatesAndTokensNameTheField() {
    String support = api.token("dash-bad", "support", TestNodes.TENANT);
    ApiClient.Response states = api.get(acme.path("/dashboard?states=WA,XX"), support);
    assertThat(states.status()).isEqualTo(400);
    assertThat(states.json().get("errors").get(0).get("field").asText()).isEqualTo("states");
    ApiClient.Response token = api.get(acme.path("/dashboard?states=WA&consistencyToken=nonsense"), support);
    assertThat(token.status()).isEqualTo(400);
    assertThat(api.get(acme.path("/dashboard"), acme.patient("nosy")).status()).isEqualTo(403);
  }

  @Test
  void aReadWithTheTokenOfAJustWrittenVisitWaitsForTheReadModel() throws Exception {
    acme.openAllDay("ME", 100);
    String support = api.token("ryw-support", "support", TestNodes.TENANT);
    Projections projections = new Projections(node);
    projections.pause("visit-board");
    try {
      ApiClient.Response intake = acme.intake(acme.patient("ryw-patient"), "ME", null);
      String visitId = intake.json().get("id").asText();
      String token = intake.json().get("consistencyToken").asText();

      assertThat(ids(dashboard(support, "?states=ME"), "ME")).as("without the token the lagging read model may miss it").doesNotContain(visitId);

      CompletableFuture<ApiClient.Response> waiting =
          api.send("GET", acme.path("/dashboard?states=ME&consistencyToken=" + token), support, null, Map.of());
      Thread.sleep(300);
      assertThat(waiting).as("the read waits while the read model lags").isNotDone();
      projections.resume("visit-board");
      ApiClient.Response seen = waiting.get();
      assertThat(seen.status()).as(seen.body()).isEqualTo(200);
      assertThat(ids(seen.json(), "ME")).containsExactly(visitId);
    } finally {
      projections.resume("visit-board");
    }
  }

  @Test
  void aReadWhoseWriteNeverArrivesGivesUpWith503() {
    acme.openAllDay("RI", 100);
    String support = api.token("ryw-timeout", "support", TestNodes.TENANT);
    Projections projections = new Projections(node);
    projections.pause("visit-board");
    try {
      String token = acme.intake(acme.patient("ryw-never"), "RI", null).json().get("consistencyToken").asText();
      ApiClient.Response r = api.get(acme.path("/dashboard?states=RI&consistencyToken=" + token), support);
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
    } finally {
      projections.resume("visit-board");
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !ids(dashboard(support, "?states=RI"), "RI").isEmpty());
  }

  @Test
  void historyCountsWaitingPatientsAndTheMedianWaitOfThoseSeenPer10Minutes() {
    acme.openAllDay("NV", 100);
    String provider = acme.provider("hist-doc", "NV");
    String support = api.token("hist-support", "support", TestNodes.TENANT);
    acme.intake(acme.patient("hist-1"), "NV", null);
    acme.intake(acme.patient("hist-2"), "NV", null);
    assertThat(api.post(acme.path("/providers/hist-doc/next"), provider, null).status()).isEqualTo(200);

    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      ApiClient.Response r = api.get(acme.path("/queues/NV/history?hours=1"), support);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      JsonNode buckets = r.json().get("buckets");
      assertThat(r.json().get("bucketSeconds").asInt()).isEqualTo(600);
      assertThat(buckets.size()).as("an hour of 10-minute buckets and the current one").isBetween(6, 7);
      JsonNode current = buckets.get(buckets.size() - 1);
      assertThat(current.get("waiting").asInt()).as("one taken, one still waiting").isEqualTo(1);
      // The one taken waited a moment, in this bucket or, just after a boundary, the one before.
      JsonNode seen = current.has("medianWaitSeconds") ? current : buckets.get(buckets.size() - 2);
      assertThat(seen.path("medianWaitSeconds").isNumber()).as(r.body()).isTrue();
      assertThat(seen.get("medianWaitSeconds").asLong()).isBetween(0L, 60L);
      assertThat(buckets.get(0).get("waiting").asInt()).isZero();
    });
  }

  @Test
  void historyRefusesBadHoursStatesAndPatients() {
    String support = api.token("hist-bad", "support", TestNodes.TENANT);
    for (String hours : List.of("0", "25", "six")) {
      ApiClient.Response refused = api.get(acme.path("/queues/NV/history?hours=" + hours), support);
      assertThat(refused.status()).as(hours).isEqualTo(400);
      assertThat(refused.json().path("errors").findValuesAsText("field")).containsExactly("hours");
    }
    assertThat(api.get(acme.path("/queues/XX/history"), support).type()).isEqualTo("/problems/unknown-state");
    assertThat(api.get(acme.path("/queues/NV/history"), acme.patient("hist-nosy")).status()).isEqualTo(403);
  }
}
