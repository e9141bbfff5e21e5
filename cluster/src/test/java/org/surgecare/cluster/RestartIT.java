package org.surgecare.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node stopped and started again on the same data directory keeps every visit and queue exactly. */
class RestartIT {
  private Path dataDir;
  private Node node;

  @AfterEach
  void cleanUp() throws Exception {
    if (node != null) {
      node.close();
    }
    TestNodes.delete(dataDir);
  }

  @Test
  void visitsAndQueuesSurviveARestart() throws Exception {
    dataDir = TestNodes.newDataDir();
    node = Node.start(TestNodes.settings(dataDir));
    ApiClient api = new ApiClient(node.baseUrl());
    Fixtures acme = new Fixtures(api, TestNodes.TENANT);
    acme.openAllDay("WA", 100);
    acme.openAllDay("OR", 100);
    String provider = acme.provider("restart-doc", "WA");
    String support = api.token("restart-support", "support", TestNodes.TENANT);
    api.put(acme.path("/queues/OR/busy"), support, Map.of("busy", true, "message", "busy before restart"));

    List<String> visitIds = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ApiClient.Response r = acme.intake(acme.patient("restart-" + i), i % 3 == 0 ? "OR" : "WA", "restart-key-" + i);
      assertThat(r.status()).as(r.body()).isIn(201, 429);
      if (r.status() == 201) {
        visitIds.add(r.json().get("id").asText());
      }
    }
    String taken = api.post(acme.path("/providers/restart-doc/next"), provider, null).json().get("id").asText();
    api.post(acme.path("/visits/" + taken + "/start"), provider, null);
    String second = api.post(acme.path("/providers/restart-doc/next"), provider, null).json().get("id").asText();
    api.post(acme.path("/visits/" + visitIds.get(visitIds.size() - 1) + "/cancel"), acme.admin, null);

    Map<String, JsonNode> before = snapshot(api, acme, visitIds);
    JsonNode trailBefore = api.get(acme.path("/audit?visit=" + taken), acme.admin).json();
    assertThat(trailBefore.get("records")).isNotEmpty();
    node.close();
    node = null;

    node = Node.start(TestNodes.settings(dataDir));
    ApiClient again = new ApiClient(node.baseUrl());
    Fixtures acmeAgain = new Fixtures(again, TestNodes.TENANT);
    assertThat(again.get(acmeAgain.path("/audit?visit=" + taken), acmeAgain.admin).json()).as("the audit trail").isEqualTo(trailBefore);
    Map<String, JsonNode> after = snapshot(again, acmeAgain, visitIds);

    assertThat(after).isEqualTo(before);
    assertThat(after.get("visit:" + taken).get("status").asText()).isEqualTo("in-progress");
    assertThat(after.get("visit:" + second).get("status").asText()).isEqualTo("assigned");
    assertThat(after.get("queue:OR").get("busy").get("message").asText()).isEqualTo("busy before restart");
  }

  /** Queues and visits as the API shows them, without the estimates (they depend on the clock). */
  private static Map<String, JsonNode> snapshot(ApiClient api, Fixtures acme, List<String> visitIds) {
    Map<String, JsonNode> state = new LinkedHashMap<>();
    for (String queue : List.of("WA", "OR")) {
      state.put("queue:" + queue, withoutEstimates(api.get(acme.path("/queues/" + queue), acme.admin).json()));
    }
    for (String id : visitIds) {
      state.put("visit:" + id, withoutEstimates(api.get(acme.path("/visits/" + id), acme.admin).json()));
    }
    return state;
  }

  private static JsonNode withoutEstimates(JsonNode node) {
    JsonNode copy = node.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(List.of("estimatedWaitSeconds", "closesAt"));
    }
    node.forEach(RestartIT::strip);
  }
}
