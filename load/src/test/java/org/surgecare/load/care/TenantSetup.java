package org.surgecare.load.care;

import org.surgecare.load.support.HttpApi;
import org.surgecare.load.support.QueueSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Prepares the tenant for a surge through the admin API, as an admin would: every state of the run gets an
 * all-day queue with a high cap and is cleared of a busy flag left by an earlier run; extra providers are invited,
 * licensed in two of the run's states each, verified and set available. It also probes which endpoints the node
 * has, so that simulations skip features (dashboard, live socket, chat) a node does not serve yet instead of
 * counting them as errors. Safe to repeat.
 */
final class TenantSetup {
  static final String ADMIN = "ada-admin";
  static final String SUPPORT = "sam-support";

  final LoadConfig config;
  final Tokens tokens;
  final List<String> states;
  final List<String> providerIds = new ArrayList<>();
  final List<List<String>> providerStates = new ArrayList<>();
  boolean dashboard;
  boolean live;
  boolean chat;

  TenantSetup(LoadConfig config, Tokens tokens, List<String> states) {
    this.config = config;
    this.tokens = tokens;
    this.states = states;
  }

  private String url(String path) {
    return config.baseUrl + config.api() + path;
  }

  TenantSetup prepare(int providers) {
    HttpApi.awaitReady(config.baseUrl, 60);
    String admin = tokens.token(ADMIN, "admin");
    String settings = QueueSettings.allDay(config.capacity);
    for (String state : states) {
      HttpApi.expect("PUT", url("/queues/" + state + "/settings"), admin, settings, 200);
      HttpApi.expect("PUT", url("/queues/" + state + "/busy"), admin, "{\"busy\":false}", 200);
      HttpApi.expect("POST", url("/queues/" + state + "/resume-schedule"), admin, null, 200);
    }
    String expires = LocalDate.now().plusYears(1).toString();
    for (int i = 0; i < providers; i++) {
      String id = String.format(Locale.ROOT, "load-dr-%02d", i + 1);
      List<String> licensed = states.size() == 1
          ? List.of(states.get(0))
          : List.of(states.get(i % states.size()), states.get((i + 1) % states.size()));
      HttpApi.expect("POST", url("/caregivers"), admin,
          "{\"id\":\"" + id + "\",\"displayName\":\"Load Provider " + (i + 1) + "\",\"email\":\"" + id
              + "@load.surgecare.org\",\"roles\":[\"provider\"]}", 201, 200, 409);
      for (String state : licensed) {
        HttpApi.expect("POST", url("/caregivers/" + id + "/licenses"), admin,
            "{\"state\":\"" + state + "\",\"number\":\"LOAD-" + state + "-" + (i + 1) + "\",\"expires\":\"" + expires + "\"}", 200);
        HttpApi.expect("POST", url("/caregivers/" + id + "/licenses/" + state + "/verify"), admin, "{\"verified\":true}", 200);
      }
      HttpApi.expect("PUT", url("/caregivers/" + id + "/availability"), admin, "{\"availability\":\"available\"}", 200);
      providerIds.add(id);
      providerStates.add(licensed);
    }
    probe();
    System.out.printf(Locale.ROOT, "setup: %d all-day queues (cap %d) %s, %d providers; dashboard %s, live %s, chat %s%n",
        states.size(), config.capacity, states, providers, present(dashboard), present(live), present(chat));
    return this;
  }

  /** Which of the endpoints that are still being built this node serves (404 = not there). */
  void probe() {
    String support = tokens.token(SUPPORT, "support");
    dashboard = HttpApi.send("GET", url("/dashboard?states=" + states.get(0)), support, null).status() != 404;
    live = HttpApi.send("GET", url("/live"), null, null).status() != 404;
    HttpApi.Answer messages = HttpApi.send("GET", url("/visits/" + UUID.randomUUID() + "/messages"), support, null);
    chat = !(messages.status() == 404 && messages.body().contains("no such resource"));
  }

  private static String present(boolean there) {
    return there ? "present" : "absent (skipped)";
  }
}
