package org.surgecare.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sets up a tenant through the API, as an admin would: queues with hours and caregivers with licenses. */
public final class Fixtures {
  final ApiClient api;
  final String tenant;
  public final String admin;

  public Fixtures(ApiClient api, String tenant) {
    this.api = api;
    this.tenant = tenant;
    this.admin = api.token("admin-" + tenant, "admin", tenant);
  }

  public String path(String rest) {
    return "/api/v1/tenants/" + tenant + rest;
  }

  /** A queue open around the clock with the given cap. */
  public void openAllDay(String state, int capacity) {
    settings(state, allDay(), capacity, 6, 15, 15);
  }

  public static List<Map<String, String>> allDay() {
    List<Map<String, String>> weekly = new ArrayList<>();
    for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
      weekly.add(Map.of("day", day, "opens", "00:00", "closes", "00:00"));
    }
    return weekly;
  }

  public void settings(String state, List<Map<String, String>> weekly, int capacity, int busyVisits, int busyMinutes, int graceMinutes) {
    ApiClient.Response r = api.put(path("/queues/" + state + "/settings"), admin, Map.of(
        "weekly", weekly,
        "capacity", capacity,
        "busyRate", Map.of("visits", busyVisits, "perMinutes", busyMinutes),
        "endOfShiftGraceMinutes", graceMinutes));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  /** An available provider with verified licenses for the states; returns their token. */
  public String provider(String id, String... states) {
    invite(id, "provider");
    for (String state : states) {
      license(id, state, LocalDate.now().plusYears(1), true);
    }
    ApiClient.Response available = api.put(path("/caregivers/" + id + "/availability"), admin, Map.of("availability", "available"));
    assertThat(available.status()).as(available.body()).isEqualTo(200);
    return api.token(id, "provider", tenant);
  }

  public void invite(String id, String role) {
    ApiClient.Response invited = api.post(path("/caregivers"), admin, Map.of(
        "id", id, "displayName", "Caregiver " + id, "email", id + "@example.org", "roles", List.of(role)));
    assertThat(invited.status()).as(invited.body()).isEqualTo(201);
  }

  public void license(String id, String state, LocalDate expires, boolean verify) {
    ApiClient.Response added = api.post(path("/caregivers/" + id + "/licenses"), admin, Map.of(
        "state", state, "number", "LIC-" + state + "-" + id, "expires", expires.toString()));
    assertThat(added.status()).as(added.body()).isEqualTo(200);
    if (verify) {
      ApiClient.Response verified = api.post(path("/caregivers/" + id + "/licenses/" + state + "/verify"), admin, Map.of("verified", true));
      assertThat(verified.status()).as(verified.body()).isEqualTo(200);
    }
  }

  public String patient(String id) {
    return api.token(id, "patient", tenant);
  }

  /** A new waiting visit of the patient in the state's queue; returns its id. */
  public String waitingVisit(String patientToken, String state) {
    ApiClient.Response r = intake(patientToken, state, null);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  public ApiClient.Response intake(String patientToken, String state, String key) {
    return api.send("POST", path("/visits"), patientToken,
        Map.of("state", state, "reason", "cough and fever", "patient", Map.of("name", "Patient")),
        key == null ? Map.of() : Map.of("Idempotency-Key", key)).join();
  }
}
