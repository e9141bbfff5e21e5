package org.surgecare.cluster.care;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.surgecare.cluster.ApiClient;
import org.surgecare.cluster.OneNodeTest;
import org.surgecare.cluster.TestNodes;
import org.surgecare.core.common.UsState;

/**
 * A caregiver from invitation to taking patients, over HTTP. Only a verified, unexpired license lets a provider
 * take a state's patients and count in its wait estimate; the node's clock is moved past expiry to see it lapse.
 */
class OnboardingIT extends OneNodeTest {
  private static final ZoneId WASHINGTON = UsState.WA.defaultZone();

  @AfterEach
  void backToNow() {
    clock.reset();
  }

  private static ApiClient.Response next(String providerId, String token) {
    return api.post(acme.path("/providers/" + providerId + "/next"), token, null);
  }

  private static void awaitProvidersAvailable(String state, double expected) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(api.get(acme.path("/queues/" + state + "/availability"), null).json().get("providersAvailable").asDouble())
            .isEqualTo(expected));
  }

  @Test
  void invitedProfiledLicensedAndVerifiedTheProviderTakesPatientsUntilTheLicenseExpires() {
    acme.openAllDay("WA", 100);
    String patient = acme.patient("onboard-patient");
    String visitId = acme.waitingVisit(patient, "WA");

    ApiClient.Response invited = api.post(acme.path("/caregivers"), acme.admin, Map.of(
        "id", "onboard-doc", "displayName", "Dr. New", "email", "new@example.org", "roles", java.util.List.of("provider")));
    assertThat(invited.status()).as(invited.body()).isEqualTo(201);
    assertThat(invited.json().get("status").asText()).isEqualTo("invited");
    String doc = api.token("onboard-doc", "provider", TestNodes.TENANT);

    ApiClient.Response incomplete = api.put(acme.path("/caregivers/onboard-doc/profile"), doc, Map.of("phone", "call me"));
    assertThat(incomplete.status()).isEqualTo(400);
    assertThat(incomplete.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("displayName", "phone");
    ApiClient.Response profiled = api.put(acme.path("/caregivers/onboard-doc/profile"), doc,
        Map.of("displayName", "Dr. Noor Newman", "phone", "+1 206 555 0142"));
    assertThat(profiled.status()).as(profiled.body()).isEqualTo(200);
    assertThat(profiled.json().get("status").asText()).isEqualTo("active");
    assertThat(profiled.json().get("phone").asText()).isEqualTo("+1 206 555 0142");

    // The license runs through today in Washington, and the caregiver records it themselves.
    LocalDate today = LocalDate.ofInstant(clock.instant(), WASHINGTON);
    ApiClient.Response licensed = api.post(acme.path("/caregivers/onboard-doc/licenses"), doc,
        Map.of("state", "WA", "number", "MD-60-1234", "expires", today.toString()));
    assertThat(licensed.status()).as(licensed.body()).isEqualTo(200);
    assertThat(licensed.json().get("licenses").get(0).get("status").asText()).isEqualTo("pending");
    assertThat(api.put(acme.path("/caregivers/onboard-doc/availability"), doc, Map.of("availability", "available")).status()).isEqualTo(200);

    ApiClient.Response unverified = next("onboard-doc", doc);
    assertThat(unverified.status()).as(unverified.body()).isEqualTo(403);
    assertThat(unverified.type()).isEqualTo("/problems/not-licensed");
    awaitProvidersAvailable("WA", 0);

    ApiClient.Response ownReview = api.post(acme.path("/caregivers/onboard-doc/licenses/WA/verify"),
        api.token("onboard-doc", "admin", TestNodes.TENANT), Map.of("verified", true));
    assertThat(ownReview.status()).as("no one verifies their own license").isEqualTo(403);
    ApiClient.Response verified = api.post(acme.path("/caregivers/onboard-doc/licenses/WA/verify"), acme.admin, Map.of("verified", true));
    assertThat(verified.status()).as(verified.body()).isEqualTo(200);
    assertThat(verified.json().get("licenses").get(0).get("status").asText()).isEqualTo("verified");
    awaitProvidersAvailable("WA", 1);
    assertThat(api.get(acme.path("/queues/WA/availability"), null).json().has("estimatedWaitSeconds")).isTrue();

    ApiClient.Response claimed = next("onboard-doc", doc);
    assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
    assertThat(claimed.json().get("id").asText()).isEqualTo(visitId);
    assertThat(api.post(acme.path("/visits/" + visitId + "/unassign"), doc, null).status()).isEqualTo(200);

    // A minute past midnight in Washington the license has expired: no patients, no share in the estimate.
    clock.moveTo(today.plusDays(1).atStartOfDay(WASHINGTON).plusMinutes(1).toInstant());
    String docTomorrow = api.token("onboard-doc", "provider", TestNodes.TENANT);
    ApiClient.Response expired = next("onboard-doc", docTomorrow);
    assertThat(expired.status()).as(expired.body()).isEqualTo(403);
    assertThat(expired.type()).isEqualTo("/problems/not-licensed");
    awaitProvidersAvailable("WA", 0);
    assertThat(api.get(acme.path("/queues/WA/availability"), null).json().has("estimatedWaitSeconds")).isFalse();
  }

  @Test
  void theRosterShowsWhoCompletedOnboarding() {
    acme.invite("roster-pending", "support");
    acme.invite("roster-active", "support");
    api.put(acme.path("/caregivers/roster-active/profile"), api.token("roster-active", "support", TestNodes.TENANT),
        Map.of("displayName", "Active Person", "phone", "(206) 555-0143"));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      Map<String, String> statusById = new java.util.HashMap<>();
      api.get(acme.path("/caregivers"), acme.admin).json().get("caregivers")
          .forEach(c -> statusById.put(c.get("id").asText(), c.get("status").asText() + " " + c.path("phone").asText()));
      assertThat(statusById).containsEntry("roster-pending", "invited ").containsEntry("roster-active", "active (206) 555-0143");
    });
  }

  @Test
  void aRejectedLicenseNeverCounts() {
    acme.openAllDay("ID", 100);
    acme.invite("rejected-doc", "provider");
    acme.license("rejected-doc", "ID", LocalDate.now().plusYears(1), false);
    assertThat(api.post(acme.path("/caregivers/rejected-doc/licenses/ID/verify"), acme.admin, Map.of("verified", false)).status()).isEqualTo(200);
    String doc = api.token("rejected-doc", "provider", TestNodes.TENANT);
    api.put(acme.path("/caregivers/rejected-doc/availability"), doc, Map.of("availability", "available"));

    assertThat(next("rejected-doc", doc).type()).isEqualTo("/problems/not-licensed");
    awaitProvidersAvailable("ID", 0);
  }

  @Test
  void aProviderOnBreakIsNeitherDispatchedNorCounted() {
    acme.openAllDay("MT", 100);
    String doc = acme.provider("break-doc", "MT");
    awaitProvidersAvailable("MT", 1);

    assertThat(api.put(acme.path("/caregivers/break-doc/availability"), doc, Map.of("availability", "on-break")).status()).isEqualTo(200);

    ApiClient.Response onBreak = next("break-doc", doc);
    assertThat(onBreak.status()).isEqualTo(409);
    assertThat(onBreak.type()).isEqualTo("/problems/conflict");
    awaitProvidersAvailable("MT", 0);
  }
}
