package org.surgecare.cluster.care;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.surgecare.cluster.ApiClient;
import org.surgecare.cluster.Fixtures;
import org.surgecare.cluster.OneNodeTest;
import org.surgecare.cluster.TestNodes;

/** Every intake refusal, idempotency and the licensure gate, over real HTTP. */
class IntakeRulesIT extends OneNodeTest {

  @Test
  void closedQueueRefusesWithTheReason() {
    acme.openAllDay("KS", 100);
    String support = api.token("support-closed", "support", TestNodes.TENANT);
    assertThat(api.post(acme.path("/queues/KS/close"), support, null).status()).isEqualTo(200);

    ApiClient.Response refused = acme.intake(acme.patient("closed-patient"), "KS", null);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.type()).isEqualTo("/problems/closed");
    assertThat(refused.json().get("reason").asText()).isEqualTo("closed");
    ApiClient.Response availability = api.get(acme.path("/queues/KS/availability"), null);
    assertThat(availability.json().get("open").asBoolean()).isFalse();
    assertThat(availability.json().get("accepting").asBoolean()).isFalse();

    assertThat(api.post(acme.path("/queues/KS/resume-schedule"), support, null).status()).isEqualTo(200);
    assertThat(acme.intake(acme.patient("closed-patient-2"), "KS", null).status()).isEqualTo(201);
  }

  @Test
  void outsideScheduledHoursRefusesWithTheNextOpening() {
    ZoneId zone = ZoneId.of("America/Chicago");
    ZonedDateTime now = ZonedDateTime.now(zone);
    // Open only for a minute, eight hours from now: closed now, and the next opening is that minute.
    ZonedDateTime opens = now.plusHours(8).withSecond(0).withNano(0);
    String day = opens.getDayOfWeek().name().toLowerCase(Locale.ROOT);
    acme.settings("IA", List.of(Map.of("day", day, "opens", opens.toLocalTime().toString(), "closes", opens.toLocalTime().plusMinutes(1).toString())), 100, 6, 15, 15);

    ApiClient.Response refused = acme.intake(acme.patient("hours-patient"), "IA", null);
    assertThat(refused.type()).isEqualTo("/problems/closed");
    ApiClient.Response availability = api.get(acme.path("/queues/IA/availability"), null);
    assertThat(availability.json().get("nextOpening").asText()).isEqualTo(opens.toInstant().toString());
  }

  @Test
  void fullQueueRefuses() {
    acme.openAllDay("NE", 1);
    assertThat(acme.intake(acme.patient("full-1"), "NE", null).status()).isEqualTo(201);
    ApiClient.Response refused = acme.intake(acme.patient("full-2"), "NE", null);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.type()).isEqualTo("/problems/full");
  }

  @Test
  void busyQueueThrottlesIntake() {
    acme.settings("SD", Fixtures.allDay(), 100, 1, 60, 15);
    String support = api.token("support-busy", "support", TestNodes.TENANT);
    ApiClient.Response busy = api.put(acme.path("/queues/SD/busy"), support, Map.of("busy", true, "message", "Flu surge: expect long waits"));
    assertThat(busy.status()).as(busy.body()).isEqualTo(200);

    ApiClient.Response availability = api.get(acme.path("/queues/SD/availability"), null);
    assertThat(availability.json().get("busy").asBoolean()).isTrue();
    assertThat(availability.json().get("busyMessage").asText()).isEqualTo("Flu surge: expect long waits");

    assertThat(acme.intake(acme.patient("busy-1"), "SD", null).status()).isEqualTo(201);
    ApiClient.Response throttled = acme.intake(acme.patient("busy-2"), "SD", null);
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.type()).isEqualTo("/problems/busy");
    assertThat(throttled.headers().firstValue("Retry-After")).isPresent();

    assertThat(api.put(acme.path("/queues/SD/busy"), support, Map.of("busy", false)).status()).isEqualTo(200);
    assertThat(acme.intake(acme.patient("busy-3"), "SD", null).status()).as("clearing busy restores intake").isEqualTo(201);
  }

  @Test
  void intakeThatWouldRunPastClosingIsRefused() {
    // One provider, fifteen-minute visits by default, closing in 30 minutes, no grace: the fourth patient
    // (three ahead, 45 minutes) would be seen after closing.
    ZoneId zone = ZoneId.of("America/Denver");
    ZonedDateTime now = ZonedDateTime.now(zone).withSecond(0).withNano(0);
    ZonedDateTime opened = now.minusHours(1);
    LocalTime closes = now.plusMinutes(31).toLocalTime();
    String day = opened.getDayOfWeek().name().toLowerCase(Locale.ROOT);
    acme.settings("NM", List.of(Map.of("day", day, "opens", opened.toLocalTime().toString(), "closes", closes.toString())), 100, 6, 15, 0);
    acme.provider("shift-doc", "NM");

    for (int i = 1; i <= 3; i++) {
      assertThat(acme.intake(acme.patient("shift-" + i), "NM", null).status()).isEqualTo(201);
    }
    ApiClient.Response late = acme.intake(acme.patient("shift-4"), "NM", null);
    assertThat(late.status()).as(late.body()).isEqualTo(409);
    assertThat(late.type()).isEqualTo("/problems/end-of-shift");
  }

  @Test
  void retriedIntakeReturnsTheSameVisit() {
    acme.openAllDay("MO", 100);
    String patient = acme.patient("retry-patient");
    ApiClient.Response first = acme.intake(patient, "MO", "retry-key-1");
    ApiClient.Response retried = acme.intake(patient, "MO", "retry-key-1");
    assertThat(first.status()).isEqualTo(201);
    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.json().get("id").asText()).isEqualTo(first.json().get("id").asText());

    ApiClient.Response reused = api.send("POST", acme.path("/visits"), patient,
        Map.of("state", "KY", "reason", "something else"), Map.of("Idempotency-Key", "retry-key-1")).join();
    assertThat(reused.status()).isEqualTo(422);
    assertThat(reused.type()).isEqualTo("/problems/idempotency-key-reused");
  }

  @Test
  void aPatientHasOneActiveVisit() {
    acme.openAllDay("AR", 100);
    acme.openAllDay("LA", 100);
    String patient = acme.patient("one-active");
    String visitId = acme.intake(patient, "AR", null).json().get("id").asText();
    ApiClient.Response second = acme.intake(patient, "LA", null);
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.type()).isEqualTo("/problems/active-visit-exists");
    assertThat(second.json().get("visitId").asText()).isEqualTo(visitId);
  }

  @Test
  void providersClaimOnlyUnderAVerifiedUnexpiredLicense() {
    acme.openAllDay("OK", 100);
    acme.invite("gate-doc", "provider");
    api.put(acme.path("/caregivers/gate-doc/availability"), acme.admin, Map.of("availability", "available"));
    String provider = api.token("gate-doc", "provider", TestNodes.TENANT);
    acme.intake(acme.patient("gate-patient"), "OK", null);

    ApiClient.Response none = api.post(acme.path("/providers/gate-doc/next"), provider, null);
    assertThat(none.status()).isEqualTo(403);
    assertThat(none.type()).isEqualTo("/problems/not-licensed");

    acme.license("gate-doc", "OK", LocalDate.now().plusYears(1), false);
    assertThat(api.post(acme.path("/providers/gate-doc/next"), provider, null).type())
        .as("an unverified license does not count").isEqualTo("/problems/not-licensed");

    acme.license("gate-doc", "OK", LocalDate.now().minusDays(2), true);
    assertThat(api.post(acme.path("/providers/gate-doc/next"), provider, null).type())
        .as("an expired license does not count").isEqualTo("/problems/not-licensed");

    acme.license("gate-doc", "OK", LocalDate.now().plusYears(1), true);
    ApiClient.Response claimed = api.post(acme.path("/providers/gate-doc/next"), provider, null);
    assertThat(claimed.status()).as(claimed.body()).isEqualTo(200);
  }

  @Test
  void providerOnBreakGetsNoPatients() {
    acme.openAllDay("ND", 100);
    String provider = acme.provider("break-doc", "ND");
    api.put(acme.path("/caregivers/break-doc/availability"), provider, Map.of("availability", "on-break"));
    acme.intake(acme.patient("break-patient"), "ND", null);
    ApiClient.Response r = api.post(acme.path("/providers/break-doc/next"), provider, null);
    assertThat(r.status()).isEqualTo(409);
  }

  @Test
  void theJournalIsWrittenDurably() throws Exception {
    try (Connection c = DriverManager.getConnection(node.jdbcUrl());
        ResultSet fsync = c.createStatement().executeQuery("SHOW fsync");
        ResultSet commit = c.createStatement().executeQuery("SHOW synchronous_commit")) {
      fsync.next();
      commit.next();
      assertThat(fsync.getString(1)).isEqualTo("on");
      assertThat(commit.getString(1)).isEqualTo("on");
    }
  }
}
