package org.surgecare.cluster.care;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.surgecare.cluster.ApiClient;
import org.surgecare.cluster.OneNodeTest;
import org.surgecare.cluster.TestNodes;

/** A visit's whole life over real HTTP on a real node with the embedded PostgreSQL. */
class VisitLifecycleIT extends OneNodeTest {

  @Test
  void intakeNextStartComplete() {
    acme.openAllDay("WA", 100);
    String provider = acme.provider("lifecycle-doc", "WA");
    String patient = acme.patient("lifecycle-patient");

    ApiClient.Response intake = acme.intake(patient, "WA", "lifecycle-1");
    assertThat(intake.status()).as(intake.body()).isEqualTo(201);
    assertThat(intake.json().get("status").asText()).isEqualTo("waiting");
    assertThat(intake.json().get("position").asInt()).isEqualTo(1);
    assertThat(intake.json().has("estimatedWaitSeconds")).isTrue();
    String visitId = intake.json().get("id").asText();
    assertThat(intake.headers().firstValue("Location")).hasValue(acme.path("/visits/" + visitId));

    ApiClient.Response next = api.post(acme.path("/providers/lifecycle-doc/next"), provider, null);
    assertThat(next.status()).as(next.body()).isEqualTo(200);
    assertThat(next.json().get("id").asText()).isEqualTo(visitId);
    assertThat(next.json().get("status").asText()).isEqualTo("assigned");
    assertThat(next.json().get("providerId").asText()).isEqualTo("lifecycle-doc");

    ApiClient.Response seen = api.get(acme.path("/visits/" + visitId), patient);
    assertThat(seen.json().get("status").asText()).isEqualTo("assigned");

    ApiClient.Response started = api.post(acme.path("/visits/" + visitId + "/start"), provider, null);
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    assertThat(started.json().get("status").asText()).isEqualTo("in-progress");

    ApiClient.Response completed = api.post(acme.path("/visits/" + visitId + "/complete"), provider, null);
    assertThat(completed.status()).as(completed.body()).isEqualTo(200);
    assertThat(completed.json().get("status").asText()).isEqualTo("completed");
    assertThat(completed.json().has("endedAt")).isTrue();

    assertThat(api.post(acme.path("/providers/lifecycle-doc/next"), provider, null).status()).isEqualTo(204);
    ApiClient.Response again = acme.intake(patient, "WA", "lifecycle-2");
    assertThat(again.status()).as("a finished visit does not block a new one").isEqualTo(201);
  }

  @Test
  void patientCancelsAndLeavesTheQueue() {
    acme.openAllDay("ID", 100);
    String patient = acme.patient("cancel-patient");
    String visitId = acme.intake(patient, "ID", null).json().get("id").asText();

    ApiClient.Response cancelled = api.post(acme.path("/visits/" + visitId + "/cancel"), patient, Map.of("reason", "feeling better"));
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");

    ApiClient.Response queue = api.get(acme.path("/queues/ID"), acme.admin);
    assertThat(queue.json().get("waiting")).isEmpty();
    assertThat(api.post(acme.path("/visits/" + visitId + "/cancel"), patient, null).status())
        .as("cancelling twice is harmless").isEqualTo(200);
  }

  @Test
  void unassignReturnsThePatientToTheirOriginalPlace() {
    acme.openAllDay("OR", 100);
    String provider = acme.provider("unassign-doc", "OR");
    String first = acme.intake(acme.patient("unassign-1"), "OR", null).json().get("id").asText();
    acme.intake(acme.patient("unassign-2"), "OR", null);
    acme.intake(acme.patient("unassign-3"), "OR", null);

    assertThat(api.post(acme.path("/providers/unassign-doc/next"), provider, null).json().get("id").asText()).isEqualTo(first);
    assertThat(api.get(acme.path("/queues/OR"), acme.admin).json().get("waiting")).hasSize(2);

    ApiClient.Response back = api.post(acme.path("/visits/" + first + "/unassign"), provider, null);
    assertThat(back.status()).as(back.body()).isEqualTo(200);
    assertThat(back.json().get("status").asText()).isEqualTo("waiting");
    assertThat(back.json().get("position").asInt()).isEqualTo(1);
    ApiClient.Response queue = api.get(acme.path("/queues/OR"), acme.admin);
    assertThat(queue.json().get("waiting").get(0).get("visitId").asText()).isEqualTo(first);
    assertThat(queue.json().get("waiting")).hasSize(3);
  }

  @Test
  void transferKeepsTheOriginalRequestTime() {
    acme.openAllDay("NV", 100);
    acme.openAllDay("AZ", 100);
    String support = api.token("support-1", "support", TestNodes.TENANT);
    ApiClient.Response moved = acme.intake(acme.patient("transfer-1"), "NV", null);
    String visitId = moved.json().get("id").asText();
    String requestedAt = moved.json().get("requestedAt").asText();
    acme.intake(acme.patient("transfer-2"), "AZ", null);

    ApiClient.Response transferred = api.post(acme.path("/visits/" + visitId + "/transfer"), support, Map.of("state", "AZ"));
    assertThat(transferred.status()).as(transferred.body()).isEqualTo(200);
    assertThat(transferred.json().get("state").asText()).isEqualTo("AZ");
    assertThat(transferred.json().get("requestedAt").asText()).isEqualTo(requestedAt);
    assertThat(transferred.json().get("position").asInt()).as("it asked before the patient already in AZ").isEqualTo(1);
    assertThat(transferred.json().get("transfers").get(0).get("from").asText()).isEqualTo("NV");
    assertThat(api.get(acme.path("/queues/NV"), acme.admin).json().get("waiting")).isEmpty();
  }

  @Test
  void providerMarksNoShow() {
    acme.openAllDay("UT", 100);
    String provider = acme.provider("noshow-doc", "UT");
    String visitId = acme.intake(acme.patient("noshow-patient"), "UT", null).json().get("id").asText();
    api.post(acme.path("/providers/noshow-doc/next"), provider, null);

    ApiClient.Response noShow = api.post(acme.path("/visits/" + visitId + "/no-show"), provider, null);
    assertThat(noShow.status()).as(noShow.body()).isEqualTo(200);
    assertThat(noShow.json().get("status").asText()).isEqualTo("no-show");
    assertThat(api.get(acme.path("/queues/UT"), acme.admin).json().get("claimed")).isEmpty();
  }

  @Test
  void onlyTheAssignedProviderActsAndOnlyInOrder() {
    acme.openAllDay("MT", 100);
    String provider = acme.provider("order-doc", "MT");
    String other = acme.provider("order-other", "MT");
    String visitId = acme.intake(acme.patient("order-patient"), "MT", null).json().get("id").asText();

    ApiClient.Response early = api.post(acme.path("/visits/" + visitId + "/complete"), provider, null);
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.type()).isEqualTo("/problems/conflict");
    api.post(acme.path("/providers/order-doc/next"), provider, null);

    ApiClient.Response stolen = api.post(acme.path("/visits/" + visitId + "/start"), other, null);
    assertThat(stolen.status()).isEqualTo(403);
    assertThat(stolen.contentType()).startsWith("application/problem+json");
  }

  @Test
  void patientsSeeOnlyTheirOwnVisits() {
    acme.openAllDay("WY", 100);
    String visitId = acme.intake(acme.patient("own-1"), "WY", null).json().get("id").asText();
    ApiClient.Response foreign = api.get(acme.path("/visits/" + visitId), acme.patient("own-2"));
    assertThat(foreign.status()).isEqualTo(404);
    ApiClient.Response otherTenant = api.get("/api/v1/tenants/other/visits/" + visitId, api.token("own-1", "patient", "other"));
    assertThat(otherTenant.status()).isEqualTo(404);
  }

  @Test
  void providersTakePatientsOnlyForThemselves() {
    String provider = acme.provider("self-doc", "WA");
    ApiClient.Response r = api.post(acme.path("/providers/someone-else/next"), provider, null);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.type()).isEqualTo("/problems/forbidden");
  }
}
