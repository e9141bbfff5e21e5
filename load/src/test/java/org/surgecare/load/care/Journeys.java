package org.surgecare.load.care;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHereIf;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The people of a surge as Gatling scenarios, shared by the simulations. Request names are the request types the
 * assertions and the benchmark report use.
 */
final class Journeys {
  // Request types.
  static final String AVAILABILITY = "availability";
  static final String INTAKE = "intake";
  static final String INTAKE_RETRY = "intake retry";
  static final String READ_VISIT = "read own visit";
  static final String CANCEL = "cancel";
  static final String CHAT = "chat";
  static final String NEXT = "next patient";
  static final String START = "start visit";
  static final String COMPLETE = "complete visit";
  static final String BUSY_ON = "busy on";
  static final String BUSY_OFF = "busy off";
  static final String DASHBOARD = "dashboard";
  static final String LIVE = "live";

  private static final AtomicLong PATIENTS = new AtomicLong();
  private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

  final LoadConfig config;
  final Tokens tokens;
  final TenantSetup setup;
  final String api;

  Journeys(LoadConfig config, Tokens tokens, TenantSetup setup) {
    this.config = config;
    this.tokens = tokens;
    this.setup = setup;
    this.api = config.api();
  }

  HttpProtocolBuilder protocol(boolean shareConnections) {
    HttpProtocolBuilder protocol = http.baseUrl(config.baseUrl)
        .wsBaseUrl(config.baseUrl.replaceFirst("^http", "ws"))
        .acceptHeader("application/json")
        .userAgentHeader("surgecare-load")
        .disableWarmUp();
    return shareConnections ? protocol.shareConnections() : protocol;
  }

  /** A new patient in one of the run's states: subject, idempotency key, state, token. */
  ChainBuilder newPatient() {
    List<String> states = setup.states;
    return exec(session -> {
          String[] presigned = tokens.nextPresigned();
          Session s = session.remove("token")
              .set("subject", presigned != null ? presigned[0] : "load-" + RUN + "-" + PATIENTS.incrementAndGet())
              .set("key", UUID.randomUUID().toString())
              .set("state", states.get(ThreadLocalRandom.current().nextInt(states.size())));
          return presigned != null ? s.set("token", presigned[1]) : s;
        })
        .doIf(session -> !session.contains("token")).then(tokens.into("patient"));
  }

  /** Patient tokens signed before the run, for subjects no other patient of this run uses. */
  void presignPatients(int count) {
    tokens.presign("load-" + RUN + "-pre-", count);
  }

  ChainBuilder availability() {
    return exec(http(AVAILABILITY).get(api + "/queues/#{state}/availability").check(status().is(200)));
  }

  private static final String INTAKE_BODY =
      "{\"state\":\"#{state}\",\"reason\":\"fever and cough\",\"patient\":{\"name\":\"Load Patient\"}}";

  /** Intake; refusals by the queue (closed, full, end of shift: 409; busy: 429) are answers, not errors. */
  ChainBuilder intake(boolean refusalsAreAnswers) {
    var request = http(INTAKE).post(api + "/visits")
        .header("Authorization", "Bearer #{token}")
        .header("Idempotency-Key", "#{key}")
        .body(StringBody(INTAKE_BODY)).asJson();
    return exec(refusalsAreAnswers
        ? request.check(status().in(201, 409, 429).saveAs("intakeStatus"), jsonPath("$.id").optional().saveAs("visitId"))
        : request.check(status().is(201).saveAs("intakeStatus"), jsonPath("$.id").saveAs("visitId")));
  }

  /** The same request again with the same key: the same visit, 200. */
  ChainBuilder intakeRetry() {
    return exec(http(INTAKE_RETRY).post(api + "/visits")
        .header("Authorization", "Bearer #{token}")
        .header("Idempotency-Key", "#{key}")
        .body(StringBody(INTAKE_BODY)).asJson()
        .check(status().is(200), jsonPath("$.id").isEL("#{visitId}")));
  }

  ChainBuilder readVisit() {
    return exec(http(READ_VISIT).get(api + "/visits/#{visitId}")
        .header("Authorization", "Bearer #{token}")
        .check(status().is(200), jsonPath("$.status").saveAs("visitStatus")));
  }

  private static boolean opened(Session session) {
    return is(session, "intakeStatus", 201);
  }

  /** Whether the last request saved this status (a failed request saves none: see the removal before each). */
  private static boolean is(Session session, String key, int status) {
    return session.contains(key) && session.getInt(key) == status;
  }

  /** The surge patient: checks availability, asks for a visit, polls while waiting, sometimes chats or cancels. */
  ScenarioBuilder surgePatient() {
    ChainBuilder chat = doIf(session -> setup.chat).then(exec(http(CHAT).post(api + "/visits/#{visitId}/messages")
        .header("Authorization", "Bearer #{token}")
        .body(StringBody("{\"text\":\"Is it much longer?\"}")).asJson()
        .check(status().in(200, 201))));
    ChainBuilder cancel = exec(http(CANCEL).post(api + "/visits/#{visitId}/cancel")
        .header("Authorization", "Bearer #{token}")
        .body(StringBody("{\"reason\":\"feeling better\"}")).asJson()
        .check(status().in(200, 409)));
    ChainBuilder waiting = repeat(config.polls, "poll").on(
        pause(Duration.ofMillis((long) (config.pollSeconds * 1000))),
        readVisit(),
        exitHereIf(session -> !"waiting".equals(session.getString("visitStatus"))));
    return scenario("patients").exec(
        newPatient(),
        availability(),
        intake(true),
        doIf(Journeys::opened).then(
            randomSwitch().on(percent(10.0).then(intakeRetry())),
            randomSwitch().on(percent(20.0).then(chat)),
            randomSwitch().on(
                percent(15.0).then(exec(repeat(2).on(pause(Duration.ofMillis((long) (config.pollSeconds * 1000))), readVisit()), cancel)),
                percent(85.0).then(waiting))));
  }

  /** Providers on shift: next patient, start, complete, again; a short rest when nobody waits. */
  ScenarioBuilder providers(int seconds) {
    Iterator<Map<String, Object>> feeder = Stream.iterate(0, i -> (i + 1) % setup.providerIds.size())
        .map(i -> Map.<String, Object>of("subject", setup.providerIds.get(i)))
        .iterator();
    Duration visit = Duration.ofMillis((long) (config.visitSeconds * 1000));
    return scenario("providers").feed(feeder).exec(tokens.into("provider")).exec(
        during(Duration.ofSeconds(seconds)).on(
            exec(session -> session.remove("nextStatus").remove("startStatus")),
            exec(http(NEXT).post(api + "/providers/#{subject}/next")
                .header("Authorization", "Bearer #{token}")
                .check(status().in(200, 204).saveAs("nextStatus"), jsonPath("$.id").optional().saveAs("takenId"))),
            doIf(session -> is(session, "nextStatus", 200)).then(
                pause(Duration.ofMillis(500), Duration.ofMillis(1500)),
                // 409: the patient cancelled between "next" and "start"; that is an answer, and there is nothing to complete.
                exec(http(START).post(api + "/visits/#{takenId}/start")
                    .header("Authorization", "Bearer #{token}").check(status().in(200, 409).saveAs("startStatus"))),
                doIf(session -> is(session, "startStatus", 200)).then(
                    pause(visit.dividedBy(2), visit.multipliedBy(3).dividedBy(2)),
                    exec(http(COMPLETE).post(api + "/visits/#{takenId}/complete")
                        .header("Authorization", "Bearer #{token}").check(status().is(200))))),
            doIf(session -> !is(session, "nextStatus", 200)).then(pause(Duration.ofSeconds(2)))));
  }

  /** Support staff mark a state busy for a while, then clear it. */
  ScenarioBuilder support(int seconds) {
    List<String> states = setup.states;
    return scenario("support").exec(session -> session.set("subject", TenantSetup.SUPPORT)).exec(tokens.into("support")).exec(
        during(Duration.ofSeconds(seconds)).on(
            exec(session -> session.set("busyState", states.get(ThreadLocalRandom.current().nextInt(states.size())))),
            pause(Duration.ofSeconds(2), Duration.ofSeconds(5)),
            exec(http(BUSY_ON).put(api + "/queues/#{busyState}/busy")
                .header("Authorization", "Bearer #{token}")
                .body(StringBody("{\"busy\":true,\"message\":\"We are seeing more patients than usual.\"}")).asJson()
                .check(status().is(200))),
            pause(Duration.ofSeconds(5)),
            exec(http(BUSY_OFF).put(api + "/queues/#{busyState}/busy")
                .header("Authorization", "Bearer #{token}")
                .body(StringBody("{\"busy\":false}")).asJson()
                .check(status().is(200)))));
  }

  /**
   * Caregivers with the dashboard open: one live socket each (docs/live-updates.md: subprotocol surgecare.v1,
   * auth as the first message, then subscribe to states) and a full dashboard reload now and then. Skipped when
   * the node has neither endpoint.
   */
  ScenarioBuilder caregivers(int seconds) {
    List<String> states = setup.states;
    String watched = String.join(",", states.subList(0, Math.min(4, states.size())));
    String subscribe = "{\"type\":\"subscribe\",\"states\":[" + String.join(",",
        states.subList(0, Math.min(4, states.size())).stream().map(s -> "\"" + s + "\"").toList()) + "]}";
    ChainBuilder dashboard = exec(http(DASHBOARD).get(api + "/dashboard?states=" + watched)
        .header("Authorization", "Bearer #{token}")
        .check(status().is(200)));
    ChainBuilder socket = exec(ws(LIVE + " connect").connect(api + "/live")
            .subprotocol("surgecare.v1")
            .header("Origin", config.baseUrl))
        .exec(ws(LIVE + " auth").sendText("{\"type\":\"auth\",\"token\":\"#{token}\"}")
            .await(Duration.ofSeconds(5)).on(ws.checkTextMessage(LIVE + " ready").check(regex("\"type\"\\s*:\\s*\"ready\""))))
        .exec(ws(LIVE + " subscribe").sendText(subscribe)
            .await(Duration.ofSeconds(30)).on(ws.checkTextMessage(LIVE + " update")
                .check(regex("\"type\"\\s*:\\s*\"(queue|visit)\""))));
    return scenario("caregivers")
        .exec(session -> session.set("subject", TenantSetup.SUPPORT))
        .exec(tokens.into("support"))
        .doIf(session -> setup.live).then(socket)
        .doIf(session -> setup.dashboard || setup.live).then(
            during(Duration.ofSeconds(seconds)).on(
                doIf(session -> setup.dashboard).then(dashboard),
                pause(Duration.ofSeconds(5))))
        .doIf(session -> setup.live).then(exec(ws("live close").close()));
  }

  /** Error rate and p99 for each request type the run makes. */
  List<Assertion> assertions(List<String> requestTypes) {
    List<Assertion> assertions = new ArrayList<>();
    assertions.add(global().failedRequests().percent().lte(config.maxErrorPercent));
    for (String type : requestTypes) {
      int p99 = switch (type) {
        case INTAKE -> config.p99IntakeMs;
        case READ_VISIT, AVAILABILITY -> config.p99ReadMs;
        case DASHBOARD -> config.p99DashboardMs;
        default -> config.p99OtherMs;
      };
      assertions.add(details(type).failedRequests().percent().lte(config.maxErrorPercent));
      assertions.add(details(type).responseTime().percentile(99.0).lte(p99));
    }
    return assertions;
  }
}
