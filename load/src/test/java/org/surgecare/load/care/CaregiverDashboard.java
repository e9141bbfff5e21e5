package org.surgecare.load.care;

import static io.gatling.javaapi.core.CoreDsl.rampUsers;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Caregivers with the dashboard open: each holds a live WebSocket subscribed to four states and reloads the
 * dashboard every five seconds (docs/live-updates.md). A node without these endpoints (404) is reported and
 * the requests are skipped, not failed.
 *
 * <pre>
 * mvn -pl load -am -Pgatling -DskipTests verify -Dgatling.simulationClass=org.surgecare.load.CaregiverDashboard \
 *     -Dsurgecare.baseUrl=http://127.0.0.1:8080 [-Dsurgecare.caregivers=20]
 * </pre>
 */
public class CaregiverDashboard extends Simulation {
  public CaregiverDashboard() {
    LoadConfig config = new LoadConfig();
    Tokens tokens = new Tokens(config);
    TenantSetup setup = new TenantSetup(config, tokens, config.states(LoadConfig.SURGE_STATES)).prepare(0);
    Journeys j = new Journeys(config, tokens, setup);
    List<String> types = new ArrayList<>();
    if (setup.dashboard) {
      types.add(Journeys.DASHBOARD);
    }
    setUp(j.caregivers(config.duration).injectOpen(rampUsers(config.caregivers).during(Duration.ofSeconds(10)))
            .protocols(j.protocol(false)))
        .assertions(j.assertions(types))
        .maxDuration(Duration.ofSeconds(config.duration + 60));
  }
}
