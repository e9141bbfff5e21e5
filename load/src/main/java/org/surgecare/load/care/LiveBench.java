package org.surgecare.load.care;

import org.surgecare.load.support.HttpApi;
import org.surgecare.load.support.QueueSettings;
import org.surgecare.load.support.States;
import org.surgecare.load.support.LocalIssuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The read-side steps of the benchmark runner that need many sockets or exact queue contents, which a Gatling
 * simulation expresses poorly: a tenant with a given number of waiting patients, the caregiver dashboard over it,
 * persist → socket latency under intake, and the fan-out of position changes to 10,000 patient sockets. Everything
 * goes through the API and the live WebSocket as the web pages use them; tokens come from the runner's issuer.
 * Prints its figures as {@code key=value} lines (the runner adds them to its results) and progress lines starting
 * with a space. Every phase has a time limit.
 *
 * <pre>
 * java ... LiveBench BASE_URL TENANT ISSUER_KEY OUT_DIR populate TOTAL STATES
 * java ... LiveBench BASE_URL TENANT ISSUER_KEY OUT_DIR dashboard SECONDS CALLERS STATES
 * java ... LiveBench BASE_URL TENANT ISSUER_KEY OUT_DIR live SECONDS RATE CAREGIVERS DASHBOARD_TENANT
 * java ... LiveBench BASE_URL TENANT ISSUER_KEY OUT_DIR fanout SECONDS TAKES_PER_SECOND CAREGIVERS
 * </pre>
 */
public final class LiveBench {
  static final List<String> FIFTY = States.FIFTY;
  static final ObjectMapper JSON = new ObjectMapper();
  /** A ping within the node's 60 s idle timeout keeps quiet sockets open, as the pages do. */
  static final Duration PING_EVERY = Duration.ofSeconds(25);

  final String base;
  final String tenant;
  final LocalIssuer issuer;
  final Path out;
  final ExecutorService callbacks = Executors.newFixedThreadPool(4, daemon("live-bench-io"));
  final HttpClient http;
  final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, daemon("live-bench-timer"));

  LiveBench(String base, String tenant, LocalIssuer issuer, Path out) {
    this.base = base;
    this.tenant = tenant;
    this.issuer = issuer;
    this.out = out;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
        .executor(callbacks).build();
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println("usage: LiveBench BASE_URL TENANT ISSUER_KEY OUT_DIR populate|dashboard|live|fanout ...");
      System.exit(2);
    }
    LiveBench bench = new LiveBench(args[0], args[1], LocalIssuer.fromFile(Path.of(args[2])), Files.createDirectories(Path.of(args[3])));
    String[] rest = Arrays.copyOfRange(args, 5, args.length);
    bench.awaitTokensAccepted(120);
    switch (args[4]) {
      case "populate" -> bench.populate(Integer.parseInt(rest[0]), Integer.parseInt(rest[1]));
      case "dashboard" -> bench.dashboard(Integer.parseInt(rest[0]), Integer.parseInt(rest[1]), Integer.parseInt(rest[2]));
      case "live" -> bench.live(Integer.parseInt(rest[0]), Integer.parseInt(rest[1]), Integer.parseInt(rest[2]), rest[3]);
      case "fanout" -> bench.fanout(Integer.parseInt(rest[0]), Integer.parseInt(rest[1]), Integer.parseInt(rest[2]));
      default -> {
        System.err.println("unknown command " + args[4]);
        System.exit(2);
      }
    }
    System.exit(0);
  }

  // ------------------------------------------------------------------ HTTP

  record Answer(int status, String body, long nanos) {}

  String api(String path) {
    return base + "/api/v1/tenants/" + tenant + path;
  }

  HttpRequest request(String method, String url, String token, String body, String idempotencyKey) {
    return HttpApi.request(method, url, token, body, idempotencyKey, Duration.ofSeconds(20));
  }

  CompletableFuture<Answer> call(String method, String url, String token, String body, String idempotencyKey) {
    long sent = System.nanoTime();
    return http.sendAsync(request(method, url, token, body, idempotencyKey), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Answer(r.statusCode(), r.body(), System.nanoTime() - sent))
        .exceptionally(e -> new Answer(-1, String.valueOf(e), System.nanoTime() - sent));
  }

  Answer send(String method, String url, String token, String body) {
    return call(method, url, token, body, null).join();
  }

  String expect(String method, String url, String token, String body, int... ok) {
    Answer a = send(method, url, token, body);
    for (int status : ok) {
      if (a.status() == status) {
        return a.body();
      }
    }
    throw new IllegalStateException(method + " " + url + " answered " + a.status() + ": " + a.body());
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until the node accepts the runner's tokens: a node that could not fetch the issuer's keys right after
   * starting (a busy machine) fetches them again for an unknown key only every 30 seconds.
   */
  void awaitTokensAccepted(int seconds) throws InterruptedException {
    String support = issuer.mint("bench-support", "support", tenant, "Bench Support");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Answer a = send("GET", api("/dashboard?waiting=1&states=WA"), support, null);
    while (a.status() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(2000);
      a = send("GET", api("/dashboard?waiting=1&states=WA"), support, null);
    }
    if (a.status() != 200) {
      throw new IllegalStateException("the node does not accept the runner's tokens: " + a.status() + " " + a.body());
    }
  }

  // ------------------------------------------------------------------ setup through the admin API

  /** All-day queues with room for the run (the defaults close at night and cap at 500). */
  void openQueues(List<String> states, int capacity) {
    String admin = issuer.mint("bench-admin", "admin", tenant, "Bench Admin");
    String settings = QueueSettings.allDay(capacity);
    for (String state : states) {
      expect("PUT", api("/queues/" + state + "/settings"), admin, settings, 200);
      expect("PUT", api("/queues/" + state + "/busy"), admin, "{\"busy\":false}", 200);
      expect("POST", api("/queues/" + state + "/resume-schedule"), admin, null, 200);
    }
  }

  /** One provider per state, invited, licensed there, verified and available (idempotent). */
  List<String> providers(List<String> states) {
    String admin = issuer.mint("bench-admin", "admin", tenant, "Bench Admin");
    String expires = LocalDate.now().plusYears(1).toString();
    List<String> ids = new ArrayList<>();
    for (String state : states) {
      String id = "bench-dr-" + state.toLowerCase(Locale.ROOT);
      expect("POST", api("/caregivers"), admin, "{\"id\":\"" + id + "\",\"displayName\":\"Bench Provider " + state
          + "\",\"email\":\"" + id + "@load.surgecare.org\",\"roles\":[\"provider\"]}", 201, 200, 409);
      expect("POST", api("/caregivers/" + id + "/licenses"), admin,
          "{\"state\":\"" + state + "\",\"number\":\"BENCH-" + state + "\",\"expires\":\"" + expires + "\"}", 200);
      expect("POST", api("/caregivers/" + id + "/licenses/" + state + "/verify"), admin, "{\"verified\":true}", 200);
      expect("PUT", api("/caregivers/" + id + "/availability"), admin, "{\"availability\":\"available\"}", 200);
      ids.add(id);
    }
    return ids;
  }

  String statesParam(List<String> states) {
    return URLEncoder.encode(String.join(",", states), StandardCharsets.UTF_8);
  }

  /** Waiting patients per state, as the dashboard counts them. */
  Map<String, Integer> waitingByState(List<String> states) {
    String support = issuer.mint("bench-support", "support", tenant, "Bench Support");
    JsonNode board = json(expect("GET", api("/dashboard?waiting=1&states=" + statesParam(states)), support, null, 200));
    Map<String, Integer> waiting = new HashMap<>();
    board.path("queues").forEach(q -> waiting.put(q.path("state").asText(), q.path("waiting").asInt()));
    return waiting;
  }

  /** A waiting patient the runner made: their visit, state and token. */
  record Patient(String visitId, String state, String subject, String token) {}

  Path patientsFile() {
    return out.resolve("waiting-" + tenant + ".tsv");
  }

  /**
   * Tops the tenant up to {@code total} waiting patients, spread evenly over the first {@code stateCount} states,
   * each a real intake of a patient of their own; writes who they are for the fan-out step.
   */
  void populate(int total, int stateCount) throws Exception {
    List<String> states = FIFTY.subList(0, stateCount);
    long started = System.nanoTime();
    openQueues(states, Math.max(1000, 2 * total / stateCount));
    Map<String, Integer> waiting = waitingByState(states);
    int perState = total / stateCount;
    List<String> todo = new ArrayList<>();
    for (int i = 0; i < perState; i++) {
      for (String state : states) {
        if (i >= waiting.getOrDefault(state, 0)) {
          todo.add(state);
        }
      }
    }
    say("populate: %d waiting already, %d intakes to make over %d states", waiting.values().stream().mapToInt(Integer::intValue).sum(),
        todo.size(), states.size());
    String run = Long.toString(System.currentTimeMillis(), 36);
    List<String[]> signed = sign("bp-" + run + "-", todo.size(), "patient");
    Semaphore inFlight = new Semaphore(32);
    List<Patient> made = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger failed = new AtomicInteger();
    long intakeStarted = System.nanoTime();
    long deadline = intakeStarted + TimeUnit.SECONDS.toNanos(600);
    for (int i = 0; i < todo.size() && System.nanoTime() < deadline; i++) {
      String state = todo.get(i);
      String subject = signed.get(i)[0];
      String token = signed.get(i)[1];
      inFlight.acquire();
      intake(subject, token, state, 0).whenComplete((a, e) -> {
        inFlight.release();
        if (a != null && a.status() == 201) {
          made.add(new Patient(json(a.body()).path("id").asText(), state, subject, token));
        } else {
          failed.incrementAndGet();
          if (failed.get() <= 5) {
            say("intake failed: %s", a == null ? e : a.status() + " " + a.body());
          }
        }
      });
    }
    inFlight.acquire(32);
    double intakeSeconds = (System.nanoTime() - intakeStarted) / 1e9;
    List<String> lines = new ArrayList<>();
    if (Files.exists(patientsFile())) {
      lines.addAll(Files.readAllLines(patientsFile()));
    }
    for (Patient p : made) {
      lines.add(p.visitId() + "\t" + p.state() + "\t" + p.subject() + "\t" + p.token());
    }
    Files.write(patientsFile(), lines);
    // The dashboard reads the read model, which applies the intakes a moment later: wait until it shows them all.
    int expected = waiting.values().stream().mapToInt(Integer::intValue).sum() + made.size();
    Map<String, Integer> after = waitingByState(states);
    for (int i = 0; i < 60 && after.values().stream().mapToInt(Integer::intValue).sum() < expected; i++) {
      Thread.sleep(1000);
      after = waitingByState(states);
    }
    int now = after.values().stream().mapToInt(Integer::intValue).sum();
    result("populate.waiting", now);
    result("populate.states", (int) after.values().stream().filter(n -> n > 0).count());
    result("populate.intakes", made.size());
    result("populate.failed", failed.get());
    result("populate.intakesPerSecond", f1(made.size() / Math.max(0.001, intakeSeconds)));
    result("populate.seconds", f1((System.nanoTime() - started) / 1e9));
    say("populate: %d waiting over %d states now (%d intakes in %.1f s, %d failed)", now, after.size(), made.size(), intakeSeconds, failed.get());
  }

  /** An intake as the patient page sends it; a refusal for load (429, 503) is tried again a few times. */
  CompletableFuture<Answer> intake(String subject, String token, String state, int attempt) {
    String body = "{\"state\":\"" + state + "\",\"reason\":\"benchmark\",\"patient\":{\"name\":\"Bench " + subject + "\"}}";
    return call("POST", api("/visits"), token, body, subject).thenCompose(a -> (a.status() == 429 || a.status() == 503 || a.status() == -1) && attempt < 3
        ? CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(200L << attempt, TimeUnit.MILLISECONDS))
            .thenCompose(x -> intake(subject, token, state, attempt + 1))
        : CompletableFuture.completedFuture(a));
  }

  /** Signs tokens for {@code prefix + i} on two threads (RS256 costs about 2 ms each, paid before the run). */
  List<String[]> sign(String prefix, int count, String role) throws InterruptedException {
    String[][] tokens = new String[count][];
    Thread[] threads = new Thread[2];
    for (int t = 0; t < threads.length; t++) {
      int first = t;
      threads[t] = new Thread(() -> {
        for (int i = first; i < count; i += 2) {
          tokens[i] = new String[] {prefix + i, issuer.mint(prefix + i, role, tenant, "Bench " + role)};
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return Arrays.asList(tokens);
  }

  // ------------------------------------------------------------------ dashboard

  /** {@code callers} caregivers loading the dashboard of {@code stateCount} states back to back for {@code seconds}. */
  void dashboard(int seconds, int callers, int stateCount) throws Exception {
    List<String> states = FIFTY.subList(0, stateCount);
    String url = api("/dashboard?states=" + statesParam(states));
    String[] tokens = new String[callers];
    for (int i = 0; i < callers; i++) {
      tokens[i] = issuer.mint("bench-support-" + i, "support", tenant, "Bench Support " + i);
    }
    Answer first = send("GET", url, tokens[0], null);
    if (first.status() != 200) {
      throw new IllegalStateException("dashboard answered " + first.status() + ": " + first.body());
    }
    JsonNode board = json(first.body());
    int waiting = 0;
    for (JsonNode q : board.path("queues")) {
      waiting += q.path("waiting").asInt();
    }
    for (int i = 0; i < 5; i++) {
      send("GET", url, tokens[0], null);
    }
    Samples latency = new Samples();
    AtomicLong bytes = new AtomicLong();
    AtomicInteger errors = new AtomicInteger();
    String load0 = loadAverage();
    long started = System.nanoTime();
    long end = started + TimeUnit.SECONDS.toNanos(seconds);
    Thread[] threads = new Thread[callers];
    for (int c = 0; c < callers; c++) {
      String token = tokens[c];
      threads[c] = new Thread(() -> {
        HttpRequest request = request("GET", url, token, null, null);
        while (System.nanoTime() < end) {
          long sent = System.nanoTime();
          try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            latency.add((System.nanoTime() - sent) / 1000);
            bytes.addAndGet(r.body().length);
            if (r.statusCode() != 200) {
              errors.incrementAndGet();
            }
          } catch (IOException e) {
            errors.incrementAndGet();
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      threads[c].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    result("dashboard.waiting", waiting);
    result("dashboard.states", board.path("queues").size());
    result("dashboard.listedVisits", board.path("visits").size());
    result("dashboard.callers", callers);
    result("dashboard.requests", latency.count());
    result("dashboard.errors", errors.get());
    result("dashboard.perSecond", f1(latency.count() / elapsed));
    latency.put("dashboard");
    result("dashboard.bytes", latency.count() == 0 ? 0 : bytes.get() / latency.count());
    result("dashboard.loadavg", load0 + " → " + loadAverage());
    say("dashboard: %d requests in %.1f s by %d callers, %d waiting over %d states; %s", latency.count(), elapsed, callers, waiting,
        board.path("queues").size(), latency.summary());
  }

  // ------------------------------------------------------------------ live sockets

  /** One live WebSocket as the pages hold it: authenticated, subscribed, pinged; every message to a handler. */
  final class Socket implements WebSocket.Listener {
    final String name;
    final Consumer<String> handler;
    final StringBuilder partial = new StringBuilder();
    final CompletableFuture<String> subscribed = new CompletableFuture<>();
    volatile WebSocket ws;
    volatile boolean ending;
    final AtomicBoolean dropped = new AtomicBoolean();

    Socket(String name, Consumer<String> handler) {
      this.name = name;
      this.handler = handler;
    }

    /** Connects, authenticates and subscribes; completes with the first message after "subscribed" (for a visit, its snapshot). */
    CompletableFuture<String> open(String token, String subscribe) {
      return http.newWebSocketBuilder().subprotocols("surgecare.v1").connectTimeout(Duration.ofSeconds(20))
          .buildAsync(URI.create(base.replace("http://", "ws://") + "/api/v1/tenants/" + tenant + "/live"), this)
          .thenCompose(socket -> {
            ws = socket;
            return socket.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true);
          })
          .thenCompose(socket -> socket.sendText(subscribe, true))
          .thenCompose(socket -> subscribed);
    }

    void ping() {
      WebSocket socket = ws;
      if (socket != null && !socket.isOutputClosed()) {
        socket.sendText("{\"type\":\"ping\"}", true);
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        if (!subscribed.isDone()) {
          if (text.contains("\"type\":\"error\"") || text.contains("\"type\":\"closing\"")) {
            subscribed.completeExceptionally(new IllegalStateException(name + ": " + text));
          } else if (!text.contains("\"type\":\"ready\"") && !text.contains("\"type\":\"subscribed\"")) {
            subscribed.complete(text);
          } else if (text.contains("\"type\":\"subscribed\"") && text.contains("\"states\"")) {
            subscribed.complete(text);
          }
        } else {
          handler.accept(text);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      if (!ending) {
        dropped.set(true);
      }
      subscribed.completeExceptionally(new IllegalStateException(name + " closed " + statusCode));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      if (!ending) {
        dropped.set(true);
      }
      subscribed.completeExceptionally(error);
    }

    void close() {
      ending = true;
      WebSocket socket = ws;
      if (socket != null) {
        socket.abort();
      }
    }
  }

  /** Microseconds from a message's {@code persistedAt} to now, or -1 when it has none. */
  static long sincePersisted(String text, Instant now) {
    String at = stringField(text, "persistedAt");
    if (at == null) {
      return -1;
    }
    Instant persisted = Instant.parse(at);
    return Duration.between(persisted, now).toNanos() / 1000;
  }

  /** A top-level string field found by text search (the fields read this way occur once per message). */
  static String stringField(String text, String name) {
    String key = "\"" + name + "\":\"";
    int i = text.lastIndexOf(key);
    if (i < 0) {
      return null;
    }
    int from = i + key.length();
    return text.substring(from, text.indexOf('"', from));
  }

  /** The first numeric field of that name (the message's own {@code seq} comes before any nested one). */
  static long longField(String text, String name) {
    String key = "\"" + name + "\":";
    int i = text.indexOf(key);
    if (i < 0) {
      return -1;
    }
    int from = i + key.length();
    int to = from;
    while (to < text.length() && (Character.isDigit(text.charAt(to)) || text.charAt(to) == '-')) {
      to++;
    }
    return Long.parseLong(text.substring(from, to));
  }

  /** Opens sockets with at most {@code parallel} handshakes in flight; returns those that subscribed. */
  <T> List<T> openAll(List<T> items, java.util.function.Function<T, CompletableFuture<String>> open, int parallel, long deadlineNanos,
      AtomicInteger failures) throws InterruptedException {
    Semaphore inFlight = new Semaphore(parallel);
    List<T> opened = java.util.Collections.synchronizedList(new ArrayList<>());
    for (T item : items) {
      if (System.nanoTime() > deadlineNanos) {
        break;
      }
      inFlight.acquire();
      open.apply(item).orTimeout(30, TimeUnit.SECONDS).whenComplete((ok, e) -> {
        inFlight.release();
        if (e == null) {
          opened.add(item);
        } else if (failures.incrementAndGet() <= 5) {
          say("socket failed: %s", e);
        }
      });
    }
    inFlight.acquire(parallel);
    return opened;
  }

  // ------------------------------------------------------------------ live: persist → socket under intake

  /**
   * Patients arrive at {@code rate}/s over the fifty states of this tenant (each opens a socket on their visit
   * once the intake is answered, as the patient page does), {@code caregivers} sockets watch ten states each, and
   * one provider per state takes a patient every few seconds so that positions move. Every message that carries
   * {@code persistedAt} is timed against it; each acknowledged intake is expected as a {@code visit} message at
   * every caregiver watching its state, and each taken patient's socket expects its visit as assigned. Meanwhile
   * the dashboard of {@code dashboardTenant} (the 10,000 waiting patients) is loaded once a second.
   */
  void live(int seconds, int rate, int caregivers, String dashboardTenant) throws Exception {
    List<String> states = FIFTY;
    openQueues(states, 1000);
    List<String> providerIds = providers(states);
    int intakes = rate * seconds;
    String run = Long.toString(System.currentTimeMillis(), 36);
    List<String[]> patients = sign("bl-" + run + "-", intakes, "patient");
    Samples caregiverQueue = new Samples();
    Samples caregiverVisit = new Samples();
    Samples patientPosition = new Samples();
    Samples patientVisit = new Samples();
    Samples intakeToCaregiver = new Samples();
    Samples intakeAnswer = new Samples();
    Samples dashboardUnderLoad = new Samples();
    // caregiver index -> visit ids seen in visit messages; visit id -> patient socket saw it assigned
    List<Set<String>> seenByCaregiver = new ArrayList<>();
    Map<String, Long> intakeSentAt = new ConcurrentHashMap<>();
    Set<String> assignedSeen = ConcurrentHashMap.newKeySet();
    List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
    List<List<String>> watching = new ArrayList<>();
    AtomicInteger socketFailures = new AtomicInteger();

    for (int c = 0; c < caregivers; c++) {
      List<String> watched = new ArrayList<>();
      for (int k = 0; k < 10; k++) {
        watched.add(states.get((c * 10 + k) % states.size()));
      }
      watching.add(watched);
      Set<String> seen = ConcurrentHashMap.newKeySet();
      seenByCaregiver.add(seen);
      Socket s = new Socket("caregiver-" + c, text -> {
        Instant now = Instant.now();
        long micros = sincePersisted(text, now);
        if (text.startsWith("{\"type\":\"queue\"")) {
          if (micros >= 0) {
            caregiverQueue.add(micros);
          }
        } else {
          JsonNode m = json(text);
          if (m.path("type").asText().equals("visit")) {
            String id = m.path("visit").path("id").asText();
            if (micros >= 0) {
              caregiverVisit.add(micros);
            }
            if (m.path("visit").path("status").asText().equals("waiting") && seen.add(id)) {
              Long sent = intakeSentAt.get(id);
              if (sent != null) {
                intakeToCaregiver.add((System.nanoTime() - sent) / 1000);
              }
            }
          }
        }
      });
      sockets.add(s);
      String token = issuer.mint("bench-cg-" + c, "support", tenant, "Bench Caregiver " + c);
      s.open(token, JSON.writeValueAsString(Map.of("type", "subscribe", "states", watched))).get(30, TimeUnit.SECONDS);
    }
    say("live: %d caregiver sockets subscribed; intake at %d/s for %d s", caregivers, rate, seconds);

    // Patients: intake at a fixed rate (open model), then their own socket.
    Map<String, String> visitState = new ConcurrentHashMap<>();
    Set<String> patientSubscribed = ConcurrentHashMap.newKeySet();
    AtomicInteger acknowledged = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    Map<Integer, Integer> refusals = new ConcurrentHashMap<>();
    AtomicInteger issued = new AtomicInteger();
    String load0 = loadAverage();
    long started = System.nanoTime();
    long periodNanos = 1_000_000_000L / rate;
    var intakeTask = timer.scheduleAtFixedRate(() -> {
      int i = issued.getAndIncrement();
      if (i >= intakes) {
        return;
      }
      String state = states.get(i % states.size());
      String subject = patients.get(i)[0];
      String token = patients.get(i)[1];
      long sent = System.nanoTime();
      call("POST", api("/visits"), token, "{\"state\":\"" + state + "\",\"reason\":\"benchmark\",\"patient\":{\"name\":\"Bench " + subject + "\"}}",
          subject).thenAccept(a -> {
            intakeAnswer.add(a.nanos() / 1000);
            if (a.status() != 201) {
              refused.incrementAndGet();
              refusals.merge(a.status(), 1, Integer::sum);
              return;
            }
            String visitId = json(a.body()).path("id").asText();
            intakeSentAt.put(visitId, sent);
            visitState.put(visitId, state);
            acknowledged.incrementAndGet();
            Socket p = new Socket("patient-" + i, text -> {
              Instant now = Instant.now();
              long micros = sincePersisted(text, now);
              if (text.startsWith("{\"type\":\"position\"")) {
                if (micros >= 0) {
                  patientPosition.add(micros);
                }
              } else if (text.contains("\"type\":\"visit\"")) {
                if (micros >= 0) {
                  patientVisit.add(micros);
                }
                if (text.contains("\"status\":\"assigned\"")) {
                  assignedSeen.add(visitId);
                }
              }
            });
            sockets.add(p);
            p.open(token, "{\"type\":\"subscribe\",\"visit\":\"" + visitId + "\"}").orTimeout(30, TimeUnit.SECONDS)
                .whenComplete((ok, e) -> {
                  if (e == null) {
                    patientSubscribed.add(visitId);
                  } else {
                    socketFailures.incrementAndGet();
                  }
                });
          });
    }, 0, periodNanos, TimeUnit.NANOSECONDS);

    // Providers: one per state, a take every few seconds each, so that waiting patients see positions move.
    Map<String, String> takenBy = new ConcurrentHashMap<>();
    AtomicInteger takeErrors = new AtomicInteger();
    AtomicInteger turn = new AtomicInteger();
    int takesPerSecond = Math.max(1, rate / 10);
    Map<String, String> providerTokens = new HashMap<>();
    providerIds.forEach(id -> providerTokens.put(id, issuer.mint(id, "provider", tenant, id)));
    var takeTask = timer.scheduleAtFixedRate(() -> {
      String id = providerIds.get(turn.getAndIncrement() % providerIds.size());
      takeCycle(id, providerTokens.get(id), takenBy, takeErrors);
    }, 2000, 1_000_000L / takesPerSecond, TimeUnit.MICROSECONDS);

    // The dashboard of the 10,000 waiting patients, once a second, while all this runs.
    LiveBench other = dashboardTenant.isBlank() ? null : new LiveBench(base, dashboardTenant, issuer, out);
    String dashboardToken = issuer.mint("bench-support-live", "support", dashboardTenant, "Bench Support");
    String dashboardUrl = other == null ? null : other.api("/dashboard?states=" + statesParam(FIFTY));
    AtomicInteger dashboardErrors = new AtomicInteger();
    var dashboardTask = other == null ? null : timer.scheduleAtFixedRate(() -> call("GET", dashboardUrl, dashboardToken, null, null)
        .thenAccept(a -> {
          if (a.status() == 200) {
            dashboardUnderLoad.add(a.nanos() / 1000);
          } else {
            dashboardErrors.incrementAndGet();
          }
        }), 1000, 1000, TimeUnit.MILLISECONDS);
    var pingTask = timer.scheduleAtFixedRate(() -> snapshot(sockets).forEach(Socket::ping),
        PING_EVERY.toMillis(), PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);

    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    intakeTask.cancel(false);
    takeTask.cancel(false);
    if (dashboardTask != null) {
      dashboardTask.cancel(false);
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    String load1 = loadAverage();
    // Drain: what has not arrived 10 s after the load stopped counts as missing.
    Thread.sleep(10_000);
    pingTask.cancel(false);

    long expectedAtCaregivers = 0;
    long missingAtCaregivers = 0;
    for (var e : visitState.entrySet()) {
      for (int c = 0; c < caregivers; c++) {
        if (watching.get(c).contains(e.getValue())) {
          expectedAtCaregivers++;
          if (!seenByCaregiver.get(c).contains(e.getKey())) {
            missingAtCaregivers++;
          }
        }
      }
    }
    long expectedAtPatients = takenBy.keySet().stream().filter(patientSubscribed::contains).count();
    long missingAtPatients = takenBy.keySet().stream().filter(patientSubscribed::contains).filter(v -> !assignedSeen.contains(v)).count();
    long dropped = snapshot(sockets).stream().filter(s -> s.dropped.get()).count();
    snapshot(sockets).forEach(Socket::close);

    Samples all = new Samples();
    for (Samples s : List.of(caregiverQueue, caregiverVisit, patientPosition, patientVisit)) {
      all.addAll(s);
    }
    result("live.seconds", f1(elapsed));
    result("live.rate", rate);
    result("live.intakes", acknowledged.get());
    result("live.intakeRefused", refused.get());
    result("live.intakeRefusedStatuses", new java.util.TreeMap<>(refusals));
    result("live.intakesPerSecond", f1(acknowledged.get() / elapsed));
    intakeAnswer.put("live.intakeAnswer");
    result("live.caregivers", caregivers);
    result("live.patientSockets", patientSubscribed.size());
    result("live.takes", takenBy.size());
    result("live.takeErrors", takeErrors.get());
    all.put("live.all");
    caregiverQueue.put("live.caregiverQueue");
    caregiverVisit.put("live.caregiverVisit");
    patientPosition.put("live.patientPosition");
    patientVisit.put("live.patientVisit");
    intakeToCaregiver.put("live.intakeToCaregiver");
    result("live.expected", expectedAtCaregivers + expectedAtPatients);
    result("live.missing", missingAtCaregivers + missingAtPatients);
    result("live.missingAtCaregivers", missingAtCaregivers);
    result("live.missingAtPatients", missingAtPatients);
    result("live.socketFailures", socketFailures.get());
    result("live.dropped", dropped);
    if (other != null) {
      dashboardUnderLoad.put("live.dashboard");
      result("live.dashboardErrors", dashboardErrors.get());
    }
    result("live.loadavg", load0 + " → " + load1);
    say("live: %d intakes (%.1f/s), %d patient sockets, %d takes; persist → socket %s; missing %d of %d; dropped %d",
        acknowledged.get(), acknowledged.get() / elapsed, patientSubscribed.size(), takenBy.size(), all.summary(),
        missingAtCaregivers + missingAtPatients, expectedAtCaregivers + expectedAtPatients, dropped);
  }

  /** Next patient, then start and complete, as a provider's page does; records which visit was taken. */
  CompletableFuture<Void> takeCycle(String providerId, String token, Map<String, String> takenBy, AtomicInteger errors) {
    return call("POST", api("/providers/" + providerId + "/next"), token, null, null).thenCompose(a -> {
      if (a.status() != 200) {
        if (a.status() != 204 && a.status() != 404) {
          errors.incrementAndGet();
        }
        return CompletableFuture.completedFuture(null);
      }
      String visitId = json(a.body()).path("id").asText();
      takenBy.put(visitId, providerId);
      return call("POST", api("/visits/" + visitId + "/start"), token, null, null)
          .thenCompose(s -> call("POST", api("/visits/" + visitId + "/complete"), token, null, null))
          .thenAccept(c -> {
            if (c.status() != 200) {
              errors.incrementAndGet();
            }
          });
    });
  }

  // ------------------------------------------------------------------ fan-out

  /** What one queue change (state, seq) should reach and what reached it. */
  static final class Change {
    volatile long persistedMicros = Long.MIN_VALUE;
    int expected = -1;
    int arrived;
    long lastArrivalMicros;
    int caregiversArrived;
    long lastCaregiverMicros;
  }

  /**
   * The populated patients (see {@link #populate}) each on a socket subscribed to their visit, {@code caregivers}
   * caregiver sockets watching five states each, then one provider per state taking patients at
   * {@code takesPerSecond} in all for {@code seconds}. For each queue change, the patients whose place or
   * estimate it changed (known from the waiting list one caregiver per state receives) must each get a
   * {@code position} message: its freshness is the time from the change's {@code persistedAt} to the last of them.
   */
  void fanout(int seconds, int takesPerSecond, int caregivers) throws Exception {
    List<String> states = FIFTY;
    List<Patient> patients = new ArrayList<>();
    for (String line : Files.readAllLines(patientsFile())) {
      String[] f = line.split("\t");
      patients.add(new Patient(f[0], f[1], f[2], f[3]));
    }
    List<String> providerIds = providers(states);
    Map<String, Change> changes = new ConcurrentHashMap<>();
    Map<String, Map<String, String>> lastPlaces = new ConcurrentHashMap<>(); // state -> visit -> "position/estimate"
    Set<String> connectedWaiting = ConcurrentHashMap.newKeySet();
    AtomicLong messages = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    Samples positionLatency = new Samples();
    Samples queueLatency = new Samples();
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicInteger socketFailures = new AtomicInteger();
    List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());

    // Caregivers first, so that the observer of each state sees every queue change from the start.
    Map<String, Integer> observer = new HashMap<>();
    List<Integer> caregiverIndexes = new ArrayList<>();
    for (int c = 0; c < caregivers; c++) {
      caregiverIndexes.add(c);
      for (int k = 0; k < 5; k++) {
        observer.putIfAbsent(states.get((c * 5 + k) % states.size()), c);
      }
    }
    long connectDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    long connectStarted = System.nanoTime();
    List<Integer> caregiversOpen = openAll(caregiverIndexes, c -> {
      List<String> watched = new ArrayList<>();
      for (int k = 0; k < 5; k++) {
        watched.add(states.get((c * 5 + k) % states.size()));
      }
      Socket s = new Socket("caregiver-" + c, text -> {
        long now = micros(Instant.now());
        messages.incrementAndGet();
        bytes.addAndGet(text.length());
        if (!measuring.get() || !text.startsWith("{\"type\":\"queue\"")) {
          return;
        }
        String state = stringField(text.substring(0, 40), "state");
        long seq = longField(text, "seq");
        String at = stringField(text, "persistedAt");
        long persisted = at == null ? Long.MIN_VALUE : micros(Instant.parse(at));
        if (persisted != Long.MIN_VALUE) {
          queueLatency.add(now - persisted);
        }
        int expected = -1;
        if (Integer.valueOf(c).equals(observer.get(state))) {
          expected = expectedPositions(lastPlaces.computeIfAbsent(state, x -> new HashMap<>()), json(text).path("waiting"), connectedWaiting);
        }
        int expectedNow = expected;
        changes.compute(state + "#" + seq, (k, ch) -> {
          Change change = ch == null ? new Change() : ch;
          change.persistedMicros = persisted;
          if (expectedNow >= 0) {
            change.expected = expectedNow;
          }
          change.caregiversArrived++;
          change.lastCaregiverMicros = Math.max(change.lastCaregiverMicros, now);
          return change;
        });
      });
      sockets.add(s);
      String token = issuer.mint("bench-cg-" + c, "support", tenant, "Bench Caregiver " + c);
      try {
        return s.open(token, JSON.writeValueAsString(Map.of("type", "subscribe", "states", watched)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, 50, connectDeadline, socketFailures);
    var pingTask = timer.scheduleAtFixedRate(() -> snapshot(sockets).forEach(Socket::ping),
        PING_EVERY.toMillis(), PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    say("fanout: %d caregiver sockets; connecting %d patients", caregiversOpen.size(), patients.size());

    List<Patient> patientsOpen = openAll(patients, p -> {
      Socket s = new Socket(p.subject(), text -> {
        long now = micros(Instant.now());
        messages.incrementAndGet();
        bytes.addAndGet(text.length());
        if (!measuring.get() || !text.startsWith("{\"type\":\"position\"")) {
          return;
        }
        long seq = longField(text, "seq");
        String at = stringField(text, "persistedAt");
        if (at != null) {
          positionLatency.add(now - micros(Instant.parse(at)));
        }
        changes.compute(p.state() + "#" + seq, (k, ch) -> {
          Change change = ch == null ? new Change() : ch;
          change.arrived++;
          change.lastArrivalMicros = Math.max(change.lastArrivalMicros, now);
          return change;
        });
      });
      sockets.add(s);
      return s.open(p.token(), "{\"type\":\"subscribe\",\"visit\":\"" + p.visitId() + "\"}").thenApply(snapshot -> {
        if (snapshot.contains("\"status\":\"waiting\"")) {
          connectedWaiting.add(p.visitId());
        }
        return snapshot;
      });
    }, 100, connectDeadline, socketFailures);
    double connectSeconds = (System.nanoTime() - connectStarted) / 1e9;
    say("fanout: %d patient sockets subscribed (%d waiting) in %.1f s, %d failures", patientsOpen.size(), connectedWaiting.size(),
        connectSeconds, socketFailures.get());
    // Let the subscriptions settle, then measure from a clean slate.
    Thread.sleep(3000);
    long messagesBefore = messages.get();
    long bytesBefore = bytes.get();
    measuring.set(true);

    Map<String, String> takenBy = new ConcurrentHashMap<>();
    AtomicInteger takeErrors = new AtomicInteger();
    AtomicInteger turn = new AtomicInteger();
    Map<String, String> providerTokens = new HashMap<>();
    providerIds.forEach(id -> providerTokens.put(id, issuer.mint(id, "provider", tenant, id)));
    Map<String, AtomicBoolean> busy = new ConcurrentHashMap<>();
    AtomicInteger late = new AtomicInteger();
    String load0 = loadAverage();
    long started = System.nanoTime();
    var takeTask = timer.scheduleAtFixedRate(() -> {
      String id = providerIds.get(turn.getAndIncrement() % providerIds.size());
      AtomicBoolean inCycle = busy.computeIfAbsent(id, x -> new AtomicBoolean());
      if (!inCycle.compareAndSet(false, true)) {
        late.incrementAndGet(); // this provider's last take has not finished: the offered rate is not reached
        return;
      }
      takeCycle(id, providerTokens.get(id), takenBy, takeErrors).whenComplete((x, e) -> inCycle.set(false));
    }, 0, 1_000_000L / takesPerSecond, TimeUnit.MICROSECONDS);
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    takeTask.cancel(false);
    double elapsed = (System.nanoTime() - started) / 1e9;
    String load1 = loadAverage();
    long delivered = messages.get() - messagesBefore;
    long deliveredBytes = bytes.get() - bytesBefore;
    // Drain: messages still on their way count when they arrive, until 5 s pass without any (at most 60 s).
    long drainStarted = System.nanoTime();
    long lastCount = -1;
    long quietSince = System.nanoTime();
    while (System.nanoTime() - drainStarted < TimeUnit.SECONDS.toNanos(60) && System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(5)) {
      Thread.sleep(500);
      long count = messages.get();
      if (count != lastCount) {
        lastCount = count;
        quietSince = System.nanoTime();
      }
    }
    double drainSeconds = (System.nanoTime() - drainStarted) / 1e9;
    measuring.set(false);
    pingTask.cancel(false);
    long dropped = snapshot(sockets).stream().filter(s -> s.dropped.get()).count();

    Samples freshness = new Samples();
    Samples caregiverFreshness = new Samples();
    int complete = 0;
    int incomplete = 0;
    int unobserved = 0;
    int observed = 0;
    long expectedTotal = 0;
    long missing = 0;
    for (Change change : changes.values()) {
      if (change.persistedMicros == Long.MIN_VALUE || change.expected < 0) {
        // Patients got positions of a change whose queue message never reached the state's caregiver in time.
        unobserved += change.arrived > 0 ? 1 : 0;
        continue;
      }
      observed++;
      if (change.caregiversArrived > 0) {
        caregiverFreshness.add(change.lastCaregiverMicros - change.persistedMicros);
      }
      if (change.expected == 0) {
        continue;
      }
      expectedTotal += change.expected;
      if (change.arrived >= change.expected) {
        complete++;
        freshness.add(change.lastArrivalMicros - change.persistedMicros);
      } else {
        incomplete++;
        missing += change.expected - change.arrived;
      }
    }
    snapshot(sockets).forEach(Socket::close);
    result("fanout.patientSockets", patientsOpen.size());
    result("fanout.waitingSockets", connectedWaiting.size());
    result("fanout.caregiverSockets", caregiversOpen.size());
    result("fanout.connectSeconds", f1(connectSeconds));
    result("fanout.socketFailures", socketFailures.get());
    result("fanout.dropped", dropped);
    result("fanout.seconds", f1(elapsed));
    result("fanout.offeredTakesPerSecond", takesPerSecond);
    result("fanout.takes", takenBy.size());
    result("fanout.takesPerSecond", f1(takenBy.size() / elapsed));
    result("fanout.takesLate", late.get());
    result("fanout.takeErrors", takeErrors.get());
    result("fanout.changes", complete + incomplete);
    result("fanout.queueChangesObserved", observed);
    result("fanout.changesUnobserved", unobserved);
    result("fanout.drainSeconds", f1(drainSeconds));
    result("fanout.changesIncomplete", incomplete);
    result("fanout.expectedPositions", expectedTotal);
    result("fanout.missingPositions", missing);
    freshness.put("fanout.freshness");
    caregiverFreshness.put("fanout.caregiverFreshness");
    positionLatency.put("fanout.position");
    queueLatency.put("fanout.queue");
    result("fanout.messagesPerSecond", f0(delivered / elapsed));
    result("fanout.megabytesPerSecond", f1(deliveredBytes / elapsed / 1e6));
    result("fanout.loadavg", load0 + " → " + load1);
    say("fanout: %d takes in %.1f s (%d late), %d changes (%d incomplete, %d of %d positions missing); freshness %s; %.0f messages/s; dropped %d",
        takenBy.size(), elapsed, late.get(), complete + incomplete, incomplete, missing, expectedTotal, freshness.summary(),
        delivered / elapsed, dropped);
  }

  /**
   * How many connected waiting patients a queue change moves: those whose position or estimate differs from the
   * last change, as the node's session decides whether to send a {@code position}.
   */
  static int expectedPositions(Map<String, String> last, JsonNode waiting, Set<String> connected) {
    Map<String, String> now = new HashMap<>();
    int expected = 0;
    for (JsonNode place : waiting) {
      String id = place.path("visitId").asText();
      String view = place.path("position").asText() + "/" + place.path("estimatedWaitSeconds").asText("");
      now.put(id, view);
      if (connected.contains(id) && !view.equals(last.get(id))) {
        expected++;
      }
    }
    last.clear();
    last.putAll(now);
    return expected;
  }

  // ------------------------------------------------------------------ figures

  /** Latencies in microseconds. */
  static final class Samples {
    private long[] values = new long[1024];
    private int size;

    synchronized void add(long micros) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = micros;
    }

    synchronized void addAll(Samples other) {
      long[] copy;
      int n;
      synchronized (other) {
        copy = Arrays.copyOf(other.values, other.size);
        n = other.size;
      }
      for (int i = 0; i < n; i++) {
        add(copy[i]);
      }
    }

    synchronized int count() {
      return size;
    }

    synchronized double percentileMs(double p) {
      if (size == 0) {
        return Double.NaN;
      }
      long[] sorted = Arrays.copyOf(values, size);
      Arrays.sort(sorted);
      int index = (int) Math.ceil(p / 100.0 * size) - 1;
      return sorted[Math.max(0, Math.min(size - 1, index))] / 1000.0;
    }

    void put(String key) {
      result(key + ".count", count());
      result(key + ".p50", f1(percentileMs(50)));
      result(key + ".p95", f1(percentileMs(95)));
      result(key + ".p99", f1(percentileMs(99)));
      result(key + ".max", f1(percentileMs(100)));
    }

    String summary() {
      return String.format(Locale.ROOT, "n=%d p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms", count(), percentileMs(50),
          percentileMs(95), percentileMs(99), percentileMs(100));
    }
  }

  /** A copy of a synchronized list that late answers may still add to. */
  static <T> List<T> snapshot(List<T> list) {
    synchronized (list) {
      return new ArrayList<>(list);
    }
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  static String f0(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.0f", v);
  }

  static String f1(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f", v);
  }

  static void result(String key, Object value) {
    System.out.println(key + "=" + value);
  }

  static void say(String format, Object... args) {
    System.out.println(" " + String.format(Locale.ROOT, format, args));
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
