package org.surgecare.load.care;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everyone at once: the patient surge of {@link PatientSurge}, providers on shift, support staff toggling busy,
 * and caregivers with dashboards and live sockets (when the node has them).
 *
 * <pre>
 * mvn -pl load -am -Pgatling -DskipTests verify -Dgatling.simulationClass=org.surgecare.load.FullSurge \
 *     -Dsurgecare.baseUrl=http://127.0.0.1:8080
 * </pre>
 */
public class FullSurge extends Simulation {
  public FullSurge() {
    LoadConfig config = new LoadConfig();
    Tokens tokens = new Tokens(config);
    TenantSetup setup = new TenantSetup(config, tokens, config.states(LoadConfig.SURGE_STATES)).prepare(config.providers);
    Journeys j = new Journeys(config, tokens, setup);
    List<String> types = new ArrayList<>(List.of(Journeys.AVAILABILITY, Journeys.INTAKE, Journeys.READ_VISIT,
        Journeys.NEXT, Journeys.START, Journeys.COMPLETE, Journeys.BUSY_ON, Journeys.BUSY_OFF));
    if (setup.dashboard) {
      types.add(Journeys.DASHBOARD);
    }
    if (setup.chat) {
      types.add(Journeys.CHAT);
    }
    setUp(
        j.surgePatient().injectOpen(PatientSurge.surge(config)).protocols(j.protocol(false)),
        j.providers(config.duration).injectOpen(atOnceUsers(config.providers)).protocols(j.protocol(false)),
        j.support(config.duration).injectOpen(atOnceUsers(config.supportStaff)).protocols(j.protocol(false)),
        j.caregivers(config.duration).injectOpen(rampUsers(config.caregivers).during(Duration.ofSeconds(10))).protocols(j.protocol(false)))
        .assertions(j.assertions(types))
        .maxDuration(PatientSurge.bound(config));
  }
}
