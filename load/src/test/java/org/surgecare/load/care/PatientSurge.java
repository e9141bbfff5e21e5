package org.surgecare.load.care;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A patient surge: arrivals ramp from the baseline to ten times the baseline over many states, hold, and ease
 * off. Each patient checks availability, asks for a visit with an Idempotency-Key (some retry it), polls the
 * visit while waiting, and some chat or cancel.
 *
 * <pre>
 * mvn -pl load -am -Pgatling -DskipTests verify -Dgatling.simulationClass=org.surgecare.load.PatientSurge \
 *     -Dsurgecare.baseUrl=http://127.0.0.1:8080 [-Dsurgecare.baselineRate=3 -Dsurgecare.peakFactor=10 -Dsurgecare.duration=90]
 * </pre>
 */
public class PatientSurge extends Simulation {
  static List<OpenInjectionStep> surge(LoadConfig config) {
    double base = config.baselineRate;
    double peak = base * config.peakFactor;
    int d = config.duration;
    List<OpenInjectionStep> steps = new ArrayList<>();
    steps.add(constantUsersPerSec(base).during(Duration.ofSeconds(Math.max(1, d / 5))).randomized());
    steps.add(rampUsersPerSec(base).to(peak).during(Duration.ofSeconds(Math.max(1, d * 3 / 10))).randomized());
    steps.add(constantUsersPerSec(peak).during(Duration.ofSeconds(Math.max(1, d * 3 / 10))).randomized());
    steps.add(rampUsersPerSec(peak).to(base).during(Duration.ofSeconds(Math.max(1, d / 5))).randomized());
    return steps;
  }

  static Duration bound(LoadConfig config) {
    return Duration.ofSeconds(config.duration + (long) (config.polls * config.pollSeconds) + 60);
  }

  public PatientSurge() {
    LoadConfig config = new LoadConfig();
    Tokens tokens = new Tokens(config);
    TenantSetup setup = new TenantSetup(config, tokens, config.states(LoadConfig.SURGE_STATES)).prepare(0);
    Journeys j = new Journeys(config, tokens, setup);
    List<String> types = new ArrayList<>(List.of(Journeys.AVAILABILITY, Journeys.INTAKE, Journeys.READ_VISIT));
    if (setup.chat) {
      types.add(Journeys.CHAT);
    }
    setUp(j.surgePatient().injectOpen(surge(config)).protocols(j.protocol(false)))
        .assertions(j.assertions(types))
        .maxDuration(bound(config));
  }
}
