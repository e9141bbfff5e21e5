package org.surgecare.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gets a 4xx problem+json that says what is wrong, never a 500. */
class BadInputIT extends OneNodeTest {
  private static String patient;

  @BeforeAll
  static void openVermont() {
    acme.openAllDay("VT", 100);
    patient = acme.patient("bad-input");
  }

  private static ApiClient.Response intake(String body, String contentType) {
    return api.raw("POST", acme.path("/visits"), patient, body, contentType, Map.of()).join();
  }

  private static void assertProblem(ApiClient.Response r, int status, String type) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.type()).isEqualTo(type);
    assertThat(r.json().get("title").asText()).isNotBlank();
    assertThat(r.json().get("status").asInt()).isEqualTo(status);
  }

  @Test
  void malformedJson() {
    assertProblem(intake("{\"state\": \"VT\", ", "application/json"), 400, "/problems/malformed-json");
    assertProblem(intake("[1, 2]", "application/json"), 400, "/problems/malformed-json");
  }

  @Test
  void unknownStateCodeNamesTheField() {
    ApiClient.Response r = intake("{\"state\":\"XX\",\"reason\":\"cough\"}", "application/json");
    assertProblem(r, 400, "/problems/validation");
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("state");
  }

  @Test
  void missingFieldsAreAllNamed() {
    ApiClient.Response r = intake("{}", "application/json");
    assertProblem(r, 400, "/problems/validation");
    assertThat(r.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("state", "reason");
  }

  @Test
  void wrongTypesAndRanges() {
    ApiClient.Response r = intake("{\"state\":\"VT\",\"reason\":42,\"priority\":99}", "application/json");
    assertProblem(r, 400, "/problems/validation");
    assertThat(r.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("reason", "priority");
  }

  @Test
  void oversizedBody() {
    String huge = "{\"state\":\"VT\",\"reason\":\"" + "a".repeat(200_000) + "\"}";
    assertProblem(intake(huge, "application/json"), 413, "/problems/payload-too-large");
  }

  @Test
  void wrongContentType() {
    assertProblem(intake("state=VT", "application/x-www-form-urlencoded"), 415, "/problems/unsupported-media-type");
    assertProblem(intake("{\"state\":\"VT\",\"reason\":\"cough\"}", "text/plain"), 415, "/problems/unsupported-media-type");
  }

  @Test
  void missingAndInvalidTokens() {
    ApiClient.Response none = api.raw("POST", acme.path("/visits"), null, "{}", "application/json", Map.of()).join();
    assertProblem(none, 401, "/problems/unauthorized");
    ApiClient.Response forged = api.raw("POST", acme.path("/visits"), "not.a.token", "{}", "application/json", Map.of()).join();
    assertProblem(forged, 401, "/problems/invalid-token");
  }

  @Test
  void unknownThings() {
    assertProblem(api.get("/api/v1/tenants/nobody/queues/WA/availability", null), 404, "/problems/tenant-not-found");
    assertProblem(api.get(acme.path("/queues/ZZ/availability"), null), 404, "/problems/unknown-state");
    assertProblem(api.get(acme.path("/visits/not-a-visit"), patient), 404, "/problems/not-found");
    assertProblem(api.get(acme.path("/visits/7d1c8f36-9b0e-4a57-9a53-0c4f1d1c2e11"), patient), 404, "/problems/not-found");
    assertProblem(api.get("/nothing/here", null), 404, "/problems/not-found");
  }

  @Test
  void wrongMethod() {
    assertProblem(api.raw("DELETE", acme.path("/queues/VT/availability"), null, null, null, Map.of()).join(), 405, "/problems/method-not-allowed");
  }

  @Test
  void badIdempotencyKey() {
    ApiClient.Response r = api.raw("POST", acme.path("/visits"), patient, "{\"state\":\"VT\",\"reason\":\"cough\"}", "application/json",
        Map.of("Idempotency-Key", "k".repeat(300))).join();
    assertProblem(r, 400, "/problems/validation");
  }

  @Test
  void wrongRoleIsForbidden() {
    ApiClient.Response r = api.put(acme.path("/queues/VT/settings"), patient, Map.of("weekly", Fixtures.allDay()));
    assertProblem(r, 403, "/problems/forbidden");
  }

  @Test
  void badSettingsNameEachField() {
    ApiClient.Response r = api.put(acme.path("/queues/VT/settings"), acme.admin, Map.of(
        "timeZone", "Mars/Olympus",
        "weekly", java.util.List.of(Map.of("day", "someday", "opens", "25:00", "closes", "07:00")),
        "capacity", -1));
    assertProblem(r, 400, "/problems/validation");
    assertThat(r.json().get("errors").findValuesAsText("field"))
        .contains("timeZone", "weekly[0].day", "weekly[0].opens", "capacity");
  }
}
