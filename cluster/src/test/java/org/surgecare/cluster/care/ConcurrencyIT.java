package org.surgecare.cluster.care;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.surgecare.cluster.ApiClient;
import org.surgecare.cluster.OneNodeTest;

/** Many patients at once and providers racing for them: nobody lost, nobody seen twice. */
class ConcurrencyIT extends OneNodeTest {

  @Test
  void thousandConcurrentIntakesAreAllAccountedForWithDistinctPositions() {
    int patients = 1_000;
    acme.openAllDay("TX", 5_000);
    // Like a real client, each patient retries a 503 with the same Idempotency-Key, so a retry can never
    // create a second visit.
    List<CompletableFuture<ApiClient.Response>> intakes = IntStream.range(0, patients)
        .mapToObj(i -> withRetries(() -> api.send("POST", acme.path("/visits"), acme.patient("crowd-" + i),
            Map.of("state", "TX", "reason", "surge " + i), Map.of("Idempotency-Key", "crowd-key-" + i)), 5))
        .toList();
    CompletableFuture.allOf(intakes.toArray(CompletableFuture[]::new)).join();

    Set<String> ids = new HashSet<>();
    for (CompletableFuture<ApiClient.Response> intake : intakes) {
      ApiClient.Response r = intake.join();
      assertThat(r.status()).as(r.body()).isIn(200, 201);
      ids.add(r.json().get("id").asText());
    }
    assertThat(ids).hasSize(patients);

    JsonNode waiting = api.get(acme.path("/queues/TX"), acme.admin).json().get("waiting");
    assertThat(waiting).hasSize(patients);
    Set<String> queued = new HashSet<>();
    List<Integer> positions = new ArrayList<>();
    for (JsonNode w : waiting) {
      queued.add(w.get("visitId").asText());
      positions.add(w.get("position").asInt());
    }
    assertThat(queued).isEqualTo(ids);
    assertThat(positions).containsExactlyElementsOf(IntStream.rangeClosed(1, patients).boxed().toList());
  }

  @Test
  void twoProvidersRacingNeverShareAPatient() {
    int patients = 300;
    acme.openAllDay("FL", 1_000);
    acme.openAllDay("GA", 1_000);
    String first = acme.provider("race-1", "FL", "GA");
    String second = acme.provider("race-2", "FL", "GA");
    List<CompletableFuture<ApiClient.Response>> intakes = IntStream.range(0, patients)
        .mapToObj(i -> api.send("POST", acme.path("/visits"), acme.patient("race-patient-" + i),
            Map.of("state", i % 2 == 0 ? "FL" : "GA", "reason", "race " + i), Map.of()))
        .toList();
    Set<String> admitted = new HashSet<>();
    intakes.forEach(f -> admitted.add(f.join().json().get("id").asText()));
    assertThat(admitted).hasSize(patients);

    Map<String, String> seenBy = new ConcurrentHashMap<>();
    List<String> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> one = CompletableFuture.runAsync(() -> takeAll("race-1", first, seenBy, duplicates));
    CompletableFuture<Void> two = CompletableFuture.runAsync(() -> takeAll("race-2", second, seenBy, duplicates));
    CompletableFuture.allOf(one, two).join();

    assertThat(duplicates).isEmpty();
    assertThat(seenBy.keySet()).isEqualTo(admitted);
    assertThat(seenBy.values()).contains("race-1", "race-2");
    assertThat(api.get(acme.path("/queues/FL"), acme.admin).json().get("waiting")).isEmpty();
    assertThat(api.get(acme.path("/queues/GA"), acme.admin).json().get("waiting")).isEmpty();
  }

  private static CompletableFuture<ApiClient.Response> withRetries(
      java.util.function.Supplier<CompletableFuture<ApiClient.Response>> request, int attempts) {
    return request.get().thenCompose(r -> r.status() == 503 && attempts > 1
        ? withRetries(request, attempts - 1)
        : CompletableFuture.completedFuture(r));
  }

  /** Takes, starts and completes patients until none wait; records who saw whom. */
  private static void takeAll(String providerId, String token, Map<String, String> seenBy, List<String> duplicates) {
    while (true) {
      ApiClient.Response next = api.post(acme.path("/providers/" + providerId + "/next"), token, null);
      if (next.status() == 204) {
        return;
      }
      assertThat(next.status()).as(next.body()).isEqualTo(200);
      String visitId = next.json().get("id").asText();
      if (seenBy.putIfAbsent(visitId, providerId) != null) {
        duplicates.add(visitId);
      }
      assertThat(api.post(acme.path("/visits/" + visitId + "/start"), token, null).status()).isEqualTo(200);
      assertThat(api.post(acme.path("/visits/" + visitId + "/complete"), token, null).status()).isEqualTo(200);
    }
  }
}
