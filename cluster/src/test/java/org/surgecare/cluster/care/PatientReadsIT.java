package org.surgecare.cluster.care;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.surgecare.cluster.ApiClient;
import org.surgecare.cluster.OneNodeTest;
import org.surgecare.cluster.TestNodes;

/**
 * Patient reads (a visit's place, a state's availability) come from the latest state each queue published, not
 * from the queue itself: what a patient's own write returned, and what a caregiver's change on this node did, is
 * there on the very next read.
 */
class PatientReadsIT extends OneNodeTest {

  @AfterEach
  void backToNow() {
    clock.reset();
  }

  private static JsonNode read(String visitId, String token) {
    ApiClient.Response r = api.get(acme.path("/visits/" + visitId), token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static JsonNode availability(String state) {
    ApiClient.Response r = api.get(acme.path("/queues/" + state + "/availability"), null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  @Test
  void eachPatientReadsTheirPlaceRightAfterIntake() {
    acme.openAllDay("MT", 100);
    for (int i = 1; i <= 5; i++) {
      String patient = acme.patient("reads-mt-" + i);
      ApiClient.Response intake = acme.intake(patient, "MT", null);
      assertThat(intake.status()).as(intake.body()).isEqualTo(201);
      assertThat(intake.json().get("position").asInt()).isEqualTo(i);

      JsonNode read = read(intake.json().get("id").asText(), patient);

      assertThat(read.get("status").asText()).isEqualTo("waiting");
      assertThat(read.get("position").asInt()).isEqualTo(i);
      assertThat(read.has("estimatedWaitSeconds")).isEqualTo(intake.json().has("estimatedWaitSeconds"));
      assertThat(availability("MT").get("waiting").asInt()).as("availability counts them at once").isEqualTo(i);
    }
  }

  @Test
  void concurrentIntakesEachReadAPlaceRightAwayAndTheQueuesOrderOnceSettled() {
    acme.openAllDay("ND", 100);
    int patients = 24;
    List<CompletableFuture<String[]>> reads = new ArrayList<>();
    for (int i = 0; i < patients; i++) {
      String patient = acme.patient("reads-nd-" + i);
      reads.add(api.send("POST", acme.path("/visits"), patient,
              Map.of("state", "ND", "reason", "rash", "patient", Map.of("name", "Patient " + i)), Map.of())
          .thenApply(intake -> {
            assertThat(intake.status()).as(intake.body()).isEqualTo(201);
            String visitId = intake.json().get("id").asText();
            JsonNode read = read(visitId, patient);
            assertThat(read.get("status").asText()).isEqualTo("waiting");
            assertThat(read.get("position").asInt()).as("listed as soon as admitted").isBetween(1, patients);
            return new String[] {visitId, patient};
          }));
    }
    List<String[]> visits = reads.stream().map(CompletableFuture::join).toList();

    List<String> order = new ArrayList<>();
    api.get(acme.path("/queues/ND"), acme.admin).json().get("waiting").forEach(w -> order.add(w.get("visitId").asText()));
    assertThat(order).hasSize(patients);
    for (String[] visit : visits) {
      assertThat(read(visit[0], visit[1]).get("position").asInt()).isEqualTo(order.indexOf(visit[0]) + 1);
    }
  }

  @Test
  void aCancelledVisitShowsNoPlaceAndTheNextPatientMovesUp() {
    acme.openAllDay("NM", 100);
    String first = acme.patient("reads-nm-1");
    String second = acme.patient("reads-nm-2");
    String firstVisit = acme.waitingVisit(first, "NM");
    String secondVisit = acme.waitingVisit(second, "NM");
    assertThat(read(secondVisit, second).get("position").asInt()).isEqualTo(2);

    ApiClient.Response cancelled = api.post(acme.path("/visits/" + firstVisit + "/cancel"), first, Map.of());
    assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);

    JsonNode read = read(firstVisit, first);
    assertThat(read.get("status").asText()).isEqualTo("cancelled");
    assertThat(read.has("position")).isFalse();
    assertThat(read.has("estimatedWaitSeconds")).isFalse();
    // Another patient's change reaches this node's copy of the queue within moments (its live topic).
    await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
        assertThat(read(secondVisit, second).get("position").asInt()).isEqualTo(1));
  }

  @Test
  void aTakenVisitShowsNoPlace() {
    acme.openAllDay("NV", 100);
    String provider = acme.provider("reads-nv-doc", "NV");
    String patient = acme.patient("reads-nv-1");
    String visitId = acme.waitingVisit(patient, "NV");
    assertThat(read(visitId, patient).get("position").asInt()).isEqualTo(1);

    assertThat(api.post(acme.path("/providers/reads-nv-doc/next"), provider, null).status()).isEqualTo(200);

    JsonNode read = read(visitId, patient);
    assertThat(read.get("status").asText()).isEqualTo("assigned");
    assertThat(read.has("position")).isFalse();

    ApiClient.Response back = api.post(acme.path("/visits/" + visitId + "/unassign"), provider, null);
    assertThat(back.status()).as(back.body()).isEqualTo(200);
    assertThat(back.json().get("position").asInt()).isEqualTo(1);
    assertThat(read(visitId, patient).get("position").asInt()).as("back at its place on the next read").isEqualTo(1);
  }

  @Test
  void availabilityShowsBusyAndClosedOnTheNextRead() {
    acme.openAllDay("OK", 100);
    String support = api.token("reads-support", "support", TestNodes.TENANT);
    assertThat(availability("OK").get("busy").asBoolean()).isFalse();

    assertThat(api.put(acme.path("/queues/OK/busy"), support, Map.of("busy", true, "message", "Storm surge")).status()).isEqualTo(200);
    JsonNode busy = availability("OK");
    assertThat(busy.get("busy").asBoolean()).isTrue();
    assertThat(busy.get("busyMessage").asText()).isEqualTo("Storm surge");

    assertThat(api.post(acme.path("/queues/OK/close"), support, null).status()).isEqualTo(200);
    JsonNode closed = availability("OK");
    assertThat(closed.get("open").asBoolean()).isFalse();
    assertThat(closed.get("accepting").asBoolean()).isFalse();
    assertThat(closed.get("refusal").asText()).isEqualTo("closed");

    assertThat(api.post(acme.path("/queues/OK/resume-schedule"), support, null).status()).isEqualTo(200);
    assertThat(availability("OK").get("open").asBoolean()).isTrue();
    assertThat(api.put(acme.path("/queues/OK/busy"), support, Map.of("busy", false)).status()).isEqualTo(200);
    JsonNode clear = availability("OK");
    assertThat(clear.get("busy").asBoolean()).isFalse();
    assertThat(clear.has("busyMessage")).isFalse();
  }

  @Test
  void availabilityFollowsTheClockPastClosingTime() {
    ZoneId denver = ZoneId.of("America/Denver");
    acme.settings("CO", IntStream.range(0, 7)
        .mapToObj(d -> Map.of("day", java.time.DayOfWeek.of(d + 1).name().toLowerCase(java.util.Locale.ROOT), "opens", "07:00", "closes", "22:00"))
        .toList(), 100, 6, 15, 15);
    LocalDate today = LocalDate.now(denver);
    clock.moveTo(today.atTime(12, 0).atZone(denver).toInstant());
    assertThat(availability("CO").get("open").asBoolean()).isTrue();

    clock.moveTo(today.atTime(22, 0, 1).atZone(denver).toInstant());

    JsonNode closed = availability("CO");
    assertThat(closed.get("open").asBoolean()).isFalse();
    assertThat(closed.get("nextOpening").asText()).isEqualTo(today.plusDays(1).atTime(7, 0).atZone(denver).toInstant().toString());
  }
}
