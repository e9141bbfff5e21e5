package org.surgecare.cluster.care;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.surgecare.cluster.ApiClient;
import org.surgecare.cluster.OneNodeTest;
import org.surgecare.cluster.TestNodes;

/** Chat between a waiting patient and staff over HTTP: order, limits and unread counts. */
class ChatIT extends OneNodeTest {
  private static String support;
  private static String provider;
  private static String admin;

  @BeforeAll
  static void staff() {
    acme.openAllDay("ME", 1_000);
    support = api.token("chat-support", "support", TestNodes.TENANT);
    provider = api.token("chat-provider", "provider", TestNodes.TENANT);
    admin = api.token("chat-admin", "admin", TestNodes.TENANT);
  }

  @AfterEach
  void backToNow() {
    clock.reset();
  }

  private static String messages(String visitId) {
    return acme.path("/visits/" + visitId + "/messages");
  }

  private static ApiClient.Response post(String visitId, String token, String text) {
    return api.post(messages(visitId), token, Map.of("text", text));
  }

  @Test
  void concurrentSendersGetGaplessNumbersAndEachKeepsTheirOwnOrder() {
    String patient = acme.patient("chat-order-patient");
    String visitId = acme.waitingVisit(patient, "ME");
    Map<String, String> senders = Map.of("patient", patient, "support", support, "provider", provider, "admin", admin);

    List<CompletableFuture<Void>> sending = new ArrayList<>();
    senders.forEach((name, token) -> sending.add(CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 8; i++) {
        ApiClient.Response r = post(visitId, token, name + " " + i);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
      }
    })));
    CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).join();

    JsonNode chat = api.get(messages(visitId), support).json();
    List<Long> numbers = new ArrayList<>();
    Map<String, List<String>> bySender = new java.util.HashMap<>();
    chat.get("messages").forEach(m -> {
      numbers.add(m.get("number").asLong());
      String text = m.get("text").asText();
      bySender.computeIfAbsent(text.substring(0, text.indexOf(' ')), k -> new ArrayList<>()).add(text);
    });
    assertThat(numbers).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 32).boxed().toList());
    senders.keySet().forEach(name -> assertThat(bySender.get(name))
        .containsExactly(java.util.stream.IntStream.range(0, 8).mapToObj(i -> name + " " + i).toArray(String[]::new)));
    assertThat(chat.get("lastNumber").asLong()).isEqualTo(32);

    JsonNode page = api.get(messages(visitId) + "?after=10&limit=5", patient).json();
    assertThat(page.get("messages")).extracting(m -> m.get("number").asLong()).containsExactly(11L, 12L, 13L, 14L, 15L);
    assertThat(page.get("more").asBoolean()).isTrue();
    assertThat(api.get(messages(visitId) + "?after=30", patient).json().get("more").asBoolean()).isFalse();
  }

  @Test
  void messagesAreAtMostTwoThousandCharactersAndNeverBlank() {
    String patient = acme.patient("chat-size-patient");
    String visitId = acme.waitingVisit(patient, "ME");

    assertThat(post(visitId, patient, "x".repeat(2_000)).status()).isEqualTo(201);
    for (Object text : java.util.Arrays.asList("x".repeat(2_001), "   ", 42)) {
      ApiClient.Response r = api.post(messages(visitId), patient, Map.of("text", text));
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.type()).isEqualTo("/problems/validation");
      assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("text");
    }
    assertThat(api.post(messages(visitId), patient, Map.of()).status()).isEqualTo(400);
    assertThat(api.get(messages(visitId), patient).json().get("lastNumber").asLong()).isEqualTo(1);
  }

  @Test
  void theEleventhMessageInTenSecondsIsRateLimitedForThatSenderOnly() {
    String patient = acme.patient("chat-rate-patient");
    String visitId = acme.waitingVisit(patient, "ME");
    clock.moveTo(Instant.now());
    for (int i = 0; i < 10; i++) {
      assertThat(post(visitId, patient, "ping " + i).status()).isEqualTo(201);
    }

    ApiClient.Response limited = post(visitId, patient, "ping 10");
    assertThat(limited.status()).as(limited.body()).isEqualTo(429);
    assertThat(limited.type()).isEqualTo("/problems/rate-limited");
    assertThat(limited.headers().firstValue("Retry-After").map(Integer::parseInt)).hasValueSatisfying(
        seconds -> assertThat(seconds).isBetween(1, 10));
    assertThat(post(visitId, support, "please wait for us").status()).as("other senders are not limited").isEqualTo(201);

    clock.moveTo(Instant.now().plus(Duration.ofSeconds(11)));
    assertThat(post(visitId, patient, "ping 10").status()).as("the window slid past").isEqualTo(201);
    assertThat(api.get(messages(visitId), patient).json().get("lastNumber").asLong()).isEqualTo(12);
  }

  @Test
  void staffSeeUnreadPatientMessagesPerVisitUntilTheyMarkThemRead() {
    String first = acme.patient("chat-unread-1");
    String second = acme.patient("chat-unread-2");
    String firstVisit = acme.waitingVisit(first, "ME");
    String secondVisit = acme.waitingVisit(second, "ME");
    for (String text : List.of("hello", "are you there?", "it hurts")) {
      post(firstVisit, first, text);
    }
    post(secondVisit, second, "hi");
    post(firstVisit, support, "we are here");

    assertThat(api.get(messages(firstVisit), support).json().get("unread").asLong()).isEqualTo(3);
    assertThat(api.get(messages(secondVisit), provider).json().get("unread").asLong()).isEqualTo(1);

    ApiClient.Response read = api.post(messages(firstVisit) + "/read", support, null);
    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(read.json().get("unread").asLong()).isZero();
    assertThat(read.json().get("staffReadUpTo").asLong()).isEqualTo(4);
    assertThat(api.post(messages(firstVisit) + "/read", first, null).status()).as("patients keep no staff marker").isEqualTo(403);

    post(firstVisit, first, "thanks");
    assertThat(api.get(messages(firstVisit), admin).json().get("unread").asLong()).isEqualTo(1);
    assertThat(api.get(messages(secondVisit), admin).json().get("unread").asLong()).isEqualTo(1);
  }

  @Test
  void anEndedVisitsChatIsClosedButStaysReadable() {
    String patient = acme.patient("chat-ended-patient");
    String visitId = acme.waitingVisit(patient, "ME");
    post(visitId, patient, "never mind");
    api.post(acme.path("/visits/" + visitId + "/cancel"), patient, null);

    ApiClient.Response late = post(visitId, support, "still there?");
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.type()).isEqualTo("/problems/conflict");
    assertThat(api.get(messages(visitId), patient).json().get("messages")).hasSize(1);
  }
}
