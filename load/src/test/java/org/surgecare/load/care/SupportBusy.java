package org.surgecare.load.care;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;

/**
 * Support staff mark states busy and clear them again, as they would through a surge.
 *
 * <pre>
 * mvn -pl load -am -Pgatling -DskipTests verify -Dgatling.simulationClass=org.surgecare.load.SupportBusy \
 *     -Dsurgecare.baseUrl=http://127.0.0.1:8080 [-Dsurgecare.support=1]
 * </pre>
 */
public class SupportBusy extends Simulation {
  public SupportBusy() {
    LoadConfig config = new LoadConfig();
    Tokens tokens = new Tokens(config);
    TenantSetup setup = new TenantSetup(config, tokens, config.states(LoadConfig.SURGE_STATES)).prepare(0);
    Journeys j = new Journeys(config, tokens, setup);
    setUp(j.support(config.duration).injectOpen(atOnceUsers(config.supportStaff)).protocols(j.protocol(false)))
        .assertions(j.assertions(List.of(Journeys.BUSY_ON, Journeys.BUSY_OFF)))
        .maxDuration(Duration.ofSeconds(config.duration + 60));
  }
}
