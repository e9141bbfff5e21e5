package org.surgecare.load.care;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;

/**
 * Providers on shift take the next patient across their licensed states, start and complete the visit, while
 * patients keep arriving at the baseline rate so there is someone to take.
 *
 * <pre>
 * mvn -pl load -am -Pgatling -DskipTests verify -Dgatling.simulationClass=org.surgecare.load.ProviderShift \
 *     -Dsurgecare.baseUrl=http://127.0.0.1:8080 [-Dsurgecare.providers=6 -Dsurgecare.visitSeconds=4]
 * </pre>
 */
public class ProviderShift extends Simulation {
  public ProviderShift() {
    LoadConfig config = new LoadConfig();
    Tokens tokens = new Tokens(config);
    TenantSetup setup = new TenantSetup(config, tokens, config.states(LoadConfig.SURGE_STATES)).prepare(config.providers);
    Journeys j = new Journeys(config, tokens, setup);
    setUp(
        j.surgePatient().injectOpen(constantUsersPerSec(config.baselineRate).during(Duration.ofSeconds(config.duration)).randomized())
            .protocols(j.protocol(false)),
        j.providers(config.duration).injectOpen(atOnceUsers(config.providers)).protocols(j.protocol(false)))
        .assertions(j.assertions(List.of(Journeys.INTAKE, Journeys.NEXT, Journeys.START, Journeys.COMPLETE)))
        .maxDuration(PatientSurge.bound(config));
  }
}
