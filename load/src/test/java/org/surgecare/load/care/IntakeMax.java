package org.surgecare.load.care;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;

/**
 * Intake only, as fast as the node takes it: every request is a new patient's first visit, spread over all 50
 * states and DC. By default a closed model ({@code surgecare.users} patients asking back to back, which finds
 * the maximum); with {@code -Dsurgecare.rate=N} an open model of N new visits per second (the sustained rate and
 * its p99). Connections are pooled as behind a front proxy. With a local issuer, patient tokens are signed
 * before the run ({@code surgecare.presign}, by default enough for the open model or 20,000).
 *
 * <pre>
 * mvn -pl load -am -Pgatling -DskipTests verify -Dgatling.simulationClass=org.surgecare.load.IntakeMax \
 *     -Dsurgecare.baseUrl=http://127.0.0.1:8080 [-Dsurgecare.users=32 | -Dsurgecare.rate=300] [-Dsurgecare.duration=60]
 * </pre>
 */
public class IntakeMax extends Simulation {
  public IntakeMax() {
    LoadConfig config = new LoadConfig();
    Tokens tokens = new Tokens(config);
    TenantSetup setup = new TenantSetup(config, tokens, config.states(LoadConfig.ALL_STATES)).prepare(0);
    Journeys j = new Journeys(config, tokens, setup);
    j.presignPatients(config.presign >= 0 ? config.presign
        : config.rate > 0 ? (int) (config.rate * config.duration * 1.05) + 100 : 20_000);
    Duration duration = Duration.ofSeconds(config.duration);
    ScenarioBuilder open = scenario("intake").exec(j.newPatient(), j.intake(false));
    ScenarioBuilder closed = scenario("intake").exec(during(duration).on(j.newPatient(), j.intake(false)));
    setUp(config.rate > 0
            ? open.injectOpen(constantUsersPerSec(config.rate).during(duration)).protocols(j.protocol(true))
            : closed.injectOpen(rampUsers(config.users).during(Duration.ofSeconds(2))).protocols(j.protocol(true)))
        .assertions(j.assertions(List.of(Journeys.INTAKE)))
        .maxDuration(duration.plusSeconds(30));
  }
}
