package org.surgecare.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What operators watch: cluster status for the operator view, and Prometheus metrics. */
class OperatorIT extends OneNodeTest {

  @Test
  void statusShowsMembersShardsProjectionsAndRequests() {
    acme.openAllDay("WA", 100);
    acme.intake(acme.patient("operator-patient"), "WA", null);
    String operator = api.token("ops", "operator", TestNodes.TENANT);

    ApiClient.Response r = api.get("/api/v1/operator/status", operator);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode status = r.json();
    assertThat(status.get("members")).hasSize(1);
    assertThat(status.get("members").get(0).get("status").asText()).isEqualTo("up");
    assertThat(status.get("shards").findValuesAsText("entityType")).contains("StateQueue", "Visit", "Caregiver", "PatientVisits");
    assertThat(status.get("projections").findValuesAsText("name")).contains("visit-board", "queue-board", "caregiver-roster");
    assertThat(status.get("requests").get("total").asLong()).isPositive();

    assertThat(api.get("/api/v1/operator/status", acme.admin).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/operator/status", null).status()).isEqualTo(401);
  }

  @Test
  void prometheusMetricsIncludeRequestLatencyProjectionLagAndQueueLengths() {
    acme.openAllDay("OR", 100);
    acme.intake(acme.patient("metrics-patient"), "OR", null);
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      ApiClient.Response metrics = api.get("/metrics", null);
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("surgecare_http_requests_seconds_count{group=\"visits\"")
          .contains("surgecare_projection_lag_events{projection=\"visit-board\"")
          .contains("surgecare_queue_waiting{state=\"OR\",tenant=\"acme\"}")
          .contains("hikaricp_connections_active");
    });
  }
}
