package org.surgecare.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit trail over HTTP: caregiver reads and every change, with who, role, tenant, visit, action and time. */
class AuditIT extends OneNodeTest {

  private static JsonNode trail(String query) {
    ApiClient.Response r = api.get(acme.path("/audit?" + query), acme.admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("records");
  }

  private static List<String> actions(JsonNode records) {
    List<String> actions = new ArrayList<>();
    records.forEach(r -> actions.add(r.get("action").asText()));
    return actions;
  }

  @Test
  void aCaregiverReadingAVisitLeavesExactlyOneRecord() {
    acme.openAllDay("AK", 100);
    String patient = acme.patient("audit-patient");
    String visitId = acme.waitingVisit(patient, "AK");
    String provider = api.token("audit-reader", "provider", TestNodes.TENANT);
    assertThat(api.get(acme.path("/visits/" + visitId), patient).status()).as("a patient's own read").isEqualTo(200);

    Instant before = Instant.now();
    assertThat(api.get(acme.path("/visits/" + visitId), provider).status()).isEqualTo(200);
    Instant after = Instant.now();

    List<JsonNode> reads = new ArrayList<>();
    trail("visit=" + visitId).forEach(r -> {
      if (r.get("action").asText().startsWith("GET ")) {
        reads.add(r);
      }
    });
    assertThat(reads).hasSize(1);
    JsonNode read = reads.get(0);
    assertThat(read.get("who").asText()).isEqualTo("audit-reader");
    assertThat(read.get("role").asText()).isEqualTo("provider");
    assertThat(read.get("tenant").asText()).isEqualTo(TestNodes.TENANT);
    assertThat(read.get("visitId").asText()).isEqualTo(visitId);
    assertThat(read.get("action").asText()).isEqualTo("GET /visits/" + visitId);
    assertThat(Instant.parse(read.get("at").asText())).isBetween(before, after);
  }

  @Test
  void changesAreRecordedWithTheVisitTheyConcernNewestFirst() {
    acme.openAllDay("HI", 100);
    String doc = acme.provider("audit-doc", "HI");
    String patient = acme.patient("audit-changes-patient");
    String visitId = acme.waitingVisit(patient, "HI");
    assertThat(api.post(acme.path("/visits/" + visitId + "/messages"), patient, Map.of("text", "hello")).status()).isEqualTo(201);
    assertThat(api.post(acme.path("/providers/audit-doc/next"), doc, null).status()).isEqualTo(200);
    assertThat(api.post(acme.path("/visits/" + visitId + "/start"), doc, null).status()).isEqualTo(200);

    JsonNode records = trail("visit=" + visitId);
    assertThat(actions(records)).containsExactly(
        "POST /visits/" + visitId + "/start",
        "POST /providers/audit-doc/next",
        "POST /visits/" + visitId + "/messages",
        "POST /visits");
    assertThat(records.get(3).get("who").asText()).isEqualTo("audit-changes-patient");
    assertThat(records.get(3).get("role").asText()).isEqualTo("patient");
    assertThat(actions(trail("caregiver=audit-doc"))).startsWith("POST /visits/" + visitId + "/start", "POST /providers/audit-doc/next");
  }

  @Test
  void theTrailIsPagedAndItsQueryChecked() {
    acme.openAllDay("RI", 100);
    String visitId = acme.waitingVisit(acme.patient("audit-paged-patient"), "RI");
    String support = api.token("audit-pager", "support", TestNodes.TENANT);
    for (int i = 0; i < 3; i++) {
      api.get(acme.path("/visits/" + visitId), support);
    }

    ApiClient.Response first = api.get(acme.path("/audit?visit=" + visitId + "&limit=2"), acme.admin);
    long nextBefore = first.json().get("nextBefore").asLong();
    ApiClient.Response rest = api.get(acme.path("/audit?visit=" + visitId + "&limit=2&before=" + nextBefore), acme.admin);
    assertThat(first.json().get("records")).hasSize(2);
    assertThat(rest.json().get("records")).hasSize(2);
    assertThat(rest.json().has("nextBefore")).isFalse();
    assertThat(rest.json().get("records").get(0).get("id").asLong()).isLessThan(nextBefore);

    for (String query : List.of("", "visit=" + visitId + "&caregiver=x", "visit=not-a-visit", "caregiver=%20bad", "visit=" + visitId + "&limit=0")) {
      ApiClient.Response bad = api.get(acme.path("/audit?" + query), acme.admin);
      assertThat(bad.status()).as(query).isEqualTo(400);
      assertThat(bad.type()).as(query).isEqualTo("/problems/validation");
    }
  }
}
