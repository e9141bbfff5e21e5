package org.surgecare.load.care;

import org.surgecare.load.support.HttpApi;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Patient reads as fast as the node serves them: waiting patients reading their own visit (position and
 * estimate) and their state's availability, back to back ({@code surgecare.users} at once). The visits are made
 * before the run ({@code surgecare.readers} of them).
 *
 * <pre>
 * mvn -pl load -am -Pgatling -DskipTests verify -Dgatling.simulationClass=org.surgecare.load.PatientReads \
 *     -Dsurgecare.baseUrl=http://127.0.0.1:8080 [-Dsurgecare.users=32 -Dsurgecare.readers=400]
 * </pre>
 */
public class PatientReads extends Simulation {
  public PatientReads() {
    LoadConfig config = new LoadConfig();
    Tokens tokens = new Tokens(config);
    TenantSetup setup = new TenantSetup(config, tokens, config.states(LoadConfig.SURGE_STATES)).prepare(0);
    Journeys j = new Journeys(config, tokens, setup);
    List<Map<String, Object>> readers = makeVisits(config, tokens, setup.states);
    Iterator<Map<String, Object>> feeder = Stream.iterate(0, i -> (i + 1) % readers.size()).map(readers::get).iterator();
    setUp(scenario("patient reads")
            .exec(during(Duration.ofSeconds(config.duration)).on(feed(feeder), j.readVisit(), j.availability()))
            .injectOpen(rampUsers(config.users).during(Duration.ofSeconds(2)))
            .protocols(j.protocol(true)))
        .assertions(j.assertions(List.of(Journeys.READ_VISIT, Journeys.AVAILABILITY)))
        .maxDuration(Duration.ofSeconds(config.duration + 30));
  }

  /** Patients with a waiting visit each, made through the API before the measured run. */
  static List<Map<String, Object>> makeVisits(LoadConfig config, Tokens tokens, List<String> states) {
    String run = Long.toString(System.currentTimeMillis(), 36);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Map<String, Object>>> made = new ArrayList<>();
      for (int i = 0; i < config.readers; i++) {
        String subject = "reader-" + run + "-" + i;
        String state = states.get(i % states.size());
        made.add(pool.submit(() -> {
          String token = tokens.token(subject, "patient");
          HttpApi.Answer answer = HttpApi.send("POST", config.baseUrl + config.api() + "/visits", token,
              "{\"state\":\"" + state + "\",\"reason\":\"rash\",\"patient\":{\"name\":\"Reader\"}}");
          if (answer.status() != 201) {
            throw new IllegalStateException("intake for the read benchmark answered " + answer.status() + ": " + answer.body());
          }
          return Map.<String, Object>of("subject", subject, "token", token, "visitId", HttpApi.field(answer.body(), "id"), "state", state);
        }));
      }
      List<Map<String, Object>> readers = new ArrayList<>();
      for (Future<Map<String, Object>> f : made) {
        readers.add(f.get());
      }
      Collections.shuffle(readers);
      System.out.printf("setup: %d patients with a waiting visit to read%n", readers.size());
      return readers;
    } catch (Exception e) {
      throw new IllegalStateException("could not make the visits to read", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
