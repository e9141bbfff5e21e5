package org.surgecare.load.care;

import org.surgecare.load.support.HttpApi;
import org.surgecare.load.support.QueueSettings;
import org.surgecare.load.support.LocalIssuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node-kill benchmark against a cluster of three nodes: a steady intake load (patients in several states, and
 * chat messages on their waiting visits) spread over the nodes; then one node that does not host PostgreSQL is
 * killed with SIGKILL, and reads of every state's queue and of a sample of visits probe the surviving nodes every
 * 100 ms until each entity whose reads failed answers again; then every acknowledged visit and message is read
 * back through the API. Prints {@code kill.*=value} lines for the report.
 *
 * <pre>
 * java ... NodeKill run bases=URL,URL,URL victim=INDEX pid=PID key=ISSUER_KEY jdbc=URL seconds=N [rate=20] [chatRate=8]
 *                       [states=WA,OR,...] [sample=30] [ids=FILE]
 * java ... NodeKill rejoin base=URL key=ISSUER_KEY ids=FILE [members=3]
 * </pre>
 *
 * Bounded: the load runs {@code seconds} (the kill a third of the way in), longer only while an entity has not
 * served again, at most two minutes after the kill; every request has a client timeout.
 */
public final class NodeKill {
  static final String TENANT = "demo";
  static final long PROBE_EVERY_MS = 100;
  /** The node's asks time out after 5 s; a probe unanswered for longer than this has failed. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(6);
  static final int MAX_PROBES_IN_FLIGHT = 5;
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(12);
  static final long MAX_AFTER_KILL_MS = 120_000;
  /** An intake slower than this counts as stalled. */
  static final long STALLED_MS = 1_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

  record Ack(String visitId, String subject, String token, String state, int node) {}

  record Attempt(long sentMs, long doneMs, int status, int node) {
    boolean answered() {
      return status == 200 || status == 201 || status == 409 || status == 429;
    }
  }

  record Message(String visitId, String token, String text) {}

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, String> args;
  private final List<String> bases;
  private final LocalIssuer issuer;
  private volatile long killNanos = Long.MAX_VALUE;
  private volatile long startNanos = System.nanoTime();

  private NodeKill(Map<String, String> args) {
    this.args = args;
    this.bases = List.of(args.getOrDefault("bases", args.getOrDefault("base", "")).split(","));
    this.issuer = LocalIssuer.fromFile(Path.of(required("key")));
  }

  public static void main(String[] argv) throws Exception {
    if (argv.length == 0 || !Set.of("run", "rejoin").contains(argv[0])) {
      System.err.println("usage: NodeKill run bases=... victim=I pid=PID key=FILE jdbc=URL seconds=N | rejoin base=URL key=FILE ids=FILE");
      System.exit(2);
    }
    Map<String, String> args = new HashMap<>();
    for (int i = 1; i < argv.length; i++) {
      String[] kv = argv[i].split("=", 2);
      args.put(kv[0], kv.length > 1 ? kv[1] : "");
    }
    NodeKill bench = new NodeKill(args);
    Map<String, Object> out = argv[0].equals("run") ? bench.run() : bench.rejoin();
    out.forEach((k, v) -> System.out.println("kill." + k + "=" + v));
    System.exit(0);
  }

  private String required(String name) {
    String v = args.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(name + "= is required");
    }
    return v;
  }

  private static void progress(String line) {
    System.err.println(java.time.LocalTime.now() + " " + line);
  }

  private static String api(String base) {
    return base + "/api/v1/tenants/" + TENANT;
  }

  private CompletableFuture<HttpResponse<String>> send(String method, String url, String token, String body,
      String idempotencyKey, Duration timeout) {
    return http.sendAsync(HttpApi.request(method, url, token, body, idempotencyKey, timeout), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> call(String method, String url, String token, String body) throws Exception {
    return send(method, url, token, body, null, REQUEST_TIMEOUT).get(REQUEST_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
  }

  private static String field(String json, String name) {
    try {
      JsonNode n = JSON.readTree(json).get(name);
      return n == null ? null : n.asText();
    } catch (IOException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- run

  /** Clock of the run: milliseconds since the kill; before it, since the planned kill (negative). */
  private long t() {
    long kill = killNanos;
    long now = System.nanoTime();
    return kill == Long.MAX_VALUE ? Math.min(-1, elapsed() - killAt) : (now - kill) / 1_000_000;
  }

  private long elapsed() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private long killAt;

  Map<String, Object> run() throws Exception {
    int victim = Integer.parseInt(required("victim"));
    long pid = Long.parseLong(required("pid"));
    int seconds = Integer.parseInt(required("seconds"));
    double rate = Double.parseDouble(args.getOrDefault("rate", "20"));
    double chatRate = Double.parseDouble(args.getOrDefault("chatRate", "8"));
    List<String> states = List.of(args.getOrDefault("states", "WA,OR,CA,NY,TX,FL,IL,AZ").split(","));
    int sampleSize = Integer.parseInt(args.getOrDefault("sample", "24"));
    List<Integer> survivors = new ArrayList<>();
    for (int i = 0; i < bases.size(); i++) {
      if (i != victim) {
        survivors.add(i);
      }
    }
    ProcessHandle victimProcess = ProcessHandle.of(pid).orElseThrow(() -> new IllegalArgumentException("no process " + pid));

    prepare(states);
    int tokensNeeded = (int) Math.ceil(rate * (seconds + MAX_AFTER_KILL_MS / 1000.0)) + 100;
    ConcurrentLinkedQueue<String[]> patients = presign(Math.min(tokensNeeded, (int) (rate * seconds * 2) + 200) + WARM_UP);
    AtomicInteger patientNo = new AtomicInteger(1_000_000);
    List<Ack> acked = Collections.synchronizedList(new ArrayList<>());
    int warm = warmUp(states, patients, acked);
    settle();
    progress("prepared " + states.size() + " queues, " + warm + " visits before the load; shards settled");

    killAt = Math.max(8_000, seconds * 1000L / 3);
    long loadAfterKill = seconds * 1000L - killAt;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("nodes", bases.size());
    out.put("victim", bases.get(victim));
    out.put("states", states.size());
    out.put("rate", rate);
    out.put("chatRate", chatRate);
    out.put("loadavgBefore", loadavg());

    ConcurrentLinkedQueue<String> unackedSubjects = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Attempt> intakes = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Message> messagesAcked = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Message> messagesUnacked = new ConcurrentLinkedQueue<>();
    AtomicInteger messageNo = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger rateLimited = new AtomicInteger();
    AtomicInteger roundRobin = new AtomicInteger();

    ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
    startNanos = System.nanoTime();
    // Intake: a new patient each tick, to every node in turn (survivors only once one is killed).
    ticks.scheduleAtFixedRate(() -> {
      String[] patient = patients.poll();
      if (patient == null) {
        String subject = "kill-" + RUN + "-" + patientNo.incrementAndGet();
        patient = new String[] {subject, issuer.mint(subject, "patient", TENANT, "Kill Patient")};
      }
      String subject = patient[0];
      String token = patient[1];
      String state = states.get(ThreadLocalRandom.current().nextInt(states.size()));
      int node = killNanos == Long.MAX_VALUE ? roundRobin.getAndIncrement() % bases.size()
          : survivors.get(roundRobin.getAndIncrement() % survivors.size());
      long sent = t();
      inFlight.incrementAndGet();
      send("POST", api(bases.get(node)) + "/visits", token,
          "{\"state\":\"" + state + "\",\"reason\":\"node kill check\",\"patient\":{\"name\":\"Kill Patient\"}}",
          subject, REQUEST_TIMEOUT)
          .whenComplete((r, e) -> {
            int status = e != null ? -1 : r.statusCode();
            intakes.add(new Attempt(sent, t(), status, node));
            String id = status == 200 || status == 201 ? field(r.body(), "id") : null;
            if (id != null) {
              acked.add(new Ack(id, subject, token, state, node));
            } else {
              unackedSubjects.add(subject);
            }
            inFlight.decrementAndGet();
          });
    }, 0, (long) (1_000_000 / rate), TimeUnit.MICROSECONDS);
    // Chat: a patient of a waiting visit writes a numbered message.
    ticks.scheduleAtFixedRate(() -> {
      Ack visit;
      synchronized (acked) {
        if (acked.isEmpty()) {
          return;
        }
        visit = acked.get(ThreadLocalRandom.current().nextInt(acked.size()));
      }
      int node = killNanos == Long.MAX_VALUE ? roundRobin.getAndIncrement() % bases.size()
          : survivors.get(roundRobin.getAndIncrement() % survivors.size());
      Message m = new Message(visit.visitId(), visit.token(), "kill check " + RUN + " " + messageNo.incrementAndGet());
      inFlight.incrementAndGet();
      send("POST", api(bases.get(node)) + "/visits/" + visit.visitId() + "/messages", visit.token(),
          "{\"text\":\"" + m.text() + "\"}", null, REQUEST_TIMEOUT)
          .whenComplete((r, e) -> {
            int status = e != null ? -1 : r.statusCode();
            if (status == 201 || status == 200) {
              messagesAcked.add(m);
            } else {
              if (status == 429) {
                rateLimited.incrementAndGet();
              }
              messagesUnacked.add(m);
            }
            inFlight.decrementAndGet();
          });
    }, 500_000, (long) (1_000_000 / chatRate), TimeUnit.MICROSECONDS);

    // Probes start two seconds before the kill, through the survivors only.
    sleepUntil(killAt - 2_000);
    List<Ack> sample;
    synchronized (acked) {
      List<Ack> copy = new ArrayList<>(acked);
      Collections.shuffle(copy);
      sample = copy.subList(0, Math.min(sampleSize, copy.size()));
    }
    Map<String, ConcurrentLinkedQueue<Outage.Probe>> probes = new LinkedHashMap<>();
    Map<String, String[]> probeTargets = new LinkedHashMap<>(); // name -> {path, token}
    for (String state : states) {
      probeTargets.put("queue " + state, new String[] {"/queues/" + state + "/availability", null});
    }
    for (Ack a : sample) {
      probeTargets.put("visit " + a.visitId(), new String[] {"/visits/" + a.visitId(), a.token()});
    }
    probeTargets.keySet().forEach(k -> probes.put(k, new ConcurrentLinkedQueue<>()));
    AtomicInteger probeNo = new AtomicInteger();
    AtomicInteger probesInFlight = new AtomicInteger();
    Map<String, AtomicInteger> pending = new HashMap<>();
    probeTargets.keySet().forEach(k -> pending.put(k, new AtomicInteger()));
    ticks.scheduleAtFixedRate(() -> {
      probeTargets.forEach((name, target) -> {
        // A read of an entity on the dead node waits for the node's 5 s ask timeout; a few overlapping probes keep
        // the resolution near a second without piling up requests on the survivors.
        if (pending.get(name).get() >= MAX_PROBES_IN_FLIGHT) {
          return;
        }
        int node = survivors.get(probeNo.getAndIncrement() % survivors.size());
        long sent = t();
        probesInFlight.incrementAndGet();
        pending.get(name).incrementAndGet();
        send("GET", api(bases.get(node)) + target[0], target[1], null, null, PROBE_TIMEOUT)
            .whenComplete((r, e) -> {
              probes.get(name).add(new Outage.Probe(sent, t(), e == null && r.statusCode() == 200));
              pending.get(name).decrementAndGet();
              probesInFlight.decrementAndGet();
            });
      });
    }, 0, PROBE_EVERY_MS, TimeUnit.MILLISECONDS);

    sleepUntil(killAt);
    int ackedBeforeKill = acked.size();
    killNanos = System.nanoTime();
    victimProcess.destroyForcibly(); // SIGKILL
    progress("killed pid " + pid + " (" + bases.get(victim) + ")");
    out.put("killedPid", pid);
    out.put("killedAt", java.time.LocalTime.now().toString());
    out.put("loadavgAtKill", loadavg());

    // Load and probes go on for the rest of the run, and until every entity whose reads failed serves again.
    while (true) {
      Thread.sleep(200);
      long since = t();
      if (since >= MAX_AFTER_KILL_MS) {
        break;
      }
      if (since < loadAfterKill || since < PROBE_TIMEOUT.toMillis() + 2_000) {
        continue;
      }
      boolean all = probes.values().stream().allMatch(q -> Outage.of(List.copyOf(q)).recoveredMs().isPresent());
      if (all) {
        break;
      }
    }
    ticks.shutdownNow();
    long loadEnded = t();
    progress("load stopped " + loadEnded + " ms after the kill");
    long drainUntil = System.nanoTime() + REQUEST_TIMEOUT.toNanos() + 2_000_000_000L;
    while ((inFlight.get() > 0 || probesInFlight.get() > 0) && System.nanoTime() < drainUntil) {
      Thread.sleep(100);
    }
    out.put("loadSecondsAfterKill", String.format(Locale.ROOT, "%.1f", loadEnded / 1000.0));
    out.put("loadavgAfter", loadavg());

    // (a) when each probed entity served again
    List<Long> queueTimes = new ArrayList<>();
    List<Long> visitTimes = new ArrayList<>();
    int affectedQueues = 0;
    int affectedVisits = 0;
    int notRecovered = 0;
    int failedBeforeKill = 0;
    StringJoiner slowest = new StringJoiner(" ");
    for (Map.Entry<String, ConcurrentLinkedQueue<Outage.Probe>> e : probes.entrySet()) {
      List<Outage.Probe> list = new ArrayList<>(e.getValue());
      failedBeforeKill += (int) list.stream().filter(p -> p.sentMs() < 0 && p.doneMs() < 0 && !p.ok()).count();
      Outage.Result r = Outage.of(list);
      if (!r.affected()) {
        continue;
      }
      boolean queue = e.getKey().startsWith("queue");
      if (queue) {
        affectedQueues++;
      } else {
        affectedVisits++;
      }
      if (r.recoveredMs().isEmpty()) {
        notRecovered++;
        continue;
      }
      (queue ? queueTimes : visitTimes).add(r.recoveredMs().get());
    }
    List<Long> all = new ArrayList<>(queueTimes);
    all.addAll(visitTimes);
    List<Long> sortedAll = Outage.sorted(all);
    out.put("probe.everyMs", PROBE_EVERY_MS);
    out.put("probe.queues", states.size());
    out.put("probe.visits", sample.size());
    out.put("probe.count", probes.values().stream().mapToInt(ConcurrentLinkedQueue::size).sum());
    out.put("probe.failedBeforeKill", failedBeforeKill);
    out.put("affected.queues", affectedQueues);
    out.put("affected.visits", affectedVisits);
    out.put("affected.notRecovered", notRecovered);
    out.put("serveAgain.p50Ms", Outage.quantile(sortedAll, 0.5));
    out.put("serveAgain.maxMs", sortedAll.isEmpty() ? -1 : sortedAll.get(sortedAll.size() - 1));
    out.put("serveAgain.queues.maxMs", queueTimes.stream().mapToLong(Long::longValue).max().orElse(-1));
    out.put("serveAgain.visits.maxMs", visitTimes.stream().mapToLong(Long::longValue).max().orElse(-1));

    // Intake through the survivors around the kill: failed (no answer, 5xx) or stalled (> 1 s).
    List<Attempt> attempts = new ArrayList<>(intakes);
    long survivorFailed = 0;
    long survivorStalled = 0;
    long outageUntil = 0;
    long firstBad = Long.MAX_VALUE;
    for (Attempt a : attempts) {
      if (a.node() == victim || a.doneMs() < 0) {
        continue;
      }
      boolean failed = !a.answered();
      boolean stalled = a.doneMs() - a.sentMs() > STALLED_MS;
      if (failed) {
        survivorFailed++;
      } else if (stalled) {
        survivorStalled++;
      }
      if (failed || stalled) {
        outageUntil = Math.max(outageUntil, a.doneMs());
        firstBad = Math.min(firstBad, a.sentMs());
      }
    }
    Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    attempts.forEach(a -> statuses.merge(a.status(), 1, Integer::sum));
    out.put("intake.statuses", statuses.toString().replace(", ", " ").replace("{", "").replace("}", "").replace("=", ":"));
    out.put("intake.attempts", attempts.size());
    out.put("intake.acknowledged", acked.size());
    out.put("intake.acknowledgedBeforeKill", ackedBeforeKill);
    out.put("intake.acknowledgedByVictim", acked.stream().filter(a -> a.node() == victim).count());
    out.put("intake.refused", attempts.stream().filter(a -> a.status() == 409 || a.status() == 429).count());
    out.put("intake.victimFailed", attempts.stream().filter(a -> a.node() == victim && !a.answered()).count());
    out.put("intake.survivorsFailed", survivorFailed);
    out.put("intake.survivorsStalled", survivorStalled);
    out.put("intake.outageUntilMs", outageUntil);
    List<Long> afterKill = Outage.sorted(attempts.stream().filter(a -> a.node() != victim && a.sentMs() >= 0 && a.answered())
        .map(a -> a.doneMs() - a.sentMs()).toList());
    out.put("intake.afterKill.p50Ms", Outage.quantile(afterKill, 0.5));
    out.put("intake.afterKill.p99Ms", Outage.quantile(afterKill, 0.99));

    probes.forEach((name, q) -> {
      Outage.Result r = Outage.of(new ArrayList<>(q));
      if (r.affected()) {
        progress(name + " served again at " + r.recoveredMs().map(ms -> ms + " ms").orElse("never"));
      }
    });
    // (b) every acknowledged visit and message, read back through the survivors
    List<String> survivorBases = survivors.stream().map(bases::get).toList();
    readBackDeadline = System.nanoTime() + 240_000_000_000L;
    progress("reading back " + acked.size() + " visits and " + messagesAcked.size() + " messages");
    int found = 0;
    int lost = 0;
    int unreadable = 0;
    for (Ack a : acked) {
      int status = readBack(survivorBases, "/visits/" + a.visitId(), a.token());
      if (status == 200) {
        found++;
      } else if (status == 404) {
        lost++;
        System.err.println("lost visit " + a.visitId() + " (acknowledged by node " + a.node() + ")");
      } else {
        unreadable++;
        System.err.println("could not read visit " + a.visitId() + " (acknowledged by node " + a.node() + "): " + status);
      }
    }
    out.put("visits.acknowledged", acked.size());
    out.put("visits.found", found);
    out.put("visits.lost", lost);
    out.put("visits.unreadable", unreadable);
    out.put("visits.unacknowledgedRecorded", recordedIntakes(List.copyOf(unackedSubjects)));
    out.put("visits.unacknowledged", unackedSubjects.size());

    Map<String, List<Message>> byVisit = new HashMap<>();
    messagesAcked.forEach(m -> byVisit.computeIfAbsent(m.visitId(), k -> new ArrayList<>()).add(m));
    Map<String, List<Message>> unackedByVisit = new HashMap<>();
    messagesUnacked.forEach(m -> unackedByVisit.computeIfAbsent(m.visitId(), k -> new ArrayList<>()).add(m));
    Set<String> chatVisits = new HashSet<>(byVisit.keySet());
    chatVisits.addAll(unackedByVisit.keySet());
    int msgFound = 0;
    int msgMissing = 0;
    int msgUnreadable = 0;
    int unackedPresent = 0;
    for (String visitId : chatVisits) {
      List<Message> mine = byVisit.getOrDefault(visitId, List.of());
      List<Message> unacked = unackedByVisit.getOrDefault(visitId, List.of());
      String token = (mine.isEmpty() ? unacked : mine).get(0).token();
      Set<String> texts = messages(survivorBases, visitId, token);
      if (texts == null) {
        msgUnreadable += mine.size();
        continue;
      }
      for (Message m : mine) {
        if (texts.contains(m.text())) {
          msgFound++;
        } else {
          msgMissing++;
          System.err.println("lost message '" + m.text() + "' of visit " + visitId);
        }
      }
      unackedPresent += (int) unacked.stream().filter(m -> texts.contains(m.text())).count();
    }
    out.put("messages.acknowledged", messagesAcked.size());
    out.put("messages.found", msgFound);
    out.put("messages.lost", msgMissing);
    out.put("messages.unreadable", msgUnreadable);
    out.put("messages.unacknowledged", messagesUnacked.size());
    out.put("messages.unacknowledgedRateLimited", rateLimited.get());
    out.put("messages.unacknowledgedRecorded", unackedPresent);

    progress("read back");
    String idsFile = args.get("ids");
    if (idsFile != null) {
      List<String> lines = new ArrayList<>();
      for (Ack a : acked) {
        lines.add(a.visitId() + " " + a.subject());
      }
      Files.write(Path.of(idsFile), lines);
    }
    return out;
  }

  /** Sleeps until this many milliseconds since the start of the load. */
  private void sleepUntil(long elapsedMs) throws InterruptedException {
    while (elapsed() < elapsedMs) {
      Thread.sleep(10);
    }
  }

  /** Reads back stop retrying after this (System.nanoTime()); what is left unread counts as unreadable. */
  private long readBackDeadline = Long.MAX_VALUE;

  /** The status of a read through the survivors; transient failures (5xx, no answer) are retried four times. */
  private int readBack(List<String> survivorBases, String path, String token) {
    int status = -1;
    for (int attempt = 0; attempt < 5 && System.nanoTime() < readBackDeadline; attempt++) {
      try {
        HttpResponse<String> r = call("GET", api(survivorBases.get(attempt % survivorBases.size())) + path, token, null);
        status = r.statusCode();
        if (status == 200 || status == 404) {
          return status;
        }
      } catch (Exception e) {
        status = -1;
      }
      sleep(1_000);
    }
    return status;
  }

  private Set<String> messages(List<String> survivorBases, String visitId, String token) {
    for (int attempt = 0; attempt < 5 && System.nanoTime() < readBackDeadline; attempt++) {
      try {
        HttpResponse<String> r = call("GET", api(survivorBases.get(attempt % survivorBases.size())) + "/visits/" + visitId + "/messages?limit=200", token, null);
        if (r.statusCode() == 200) {
          Set<String> texts = new HashSet<>();
          JSON.readTree(r.body()).get("messages").forEach(m -> texts.add(m.get("text").asText()));
          return texts;
        }
      } catch (Exception e) {
        // retried
      }
      sleep(1_000);
    }
    return null;
  }

  /** How many of these patients' intakes the journal holds although no answer acknowledged them. */
  private long recordedIntakes(List<String> subjects) {
    String jdbc = args.get("jdbc");
    if (jdbc == null || subjects.isEmpty()) {
      return 0;
    }
    try (Connection c = DriverManager.getConnection(jdbc);
        PreparedStatement s = c.prepareStatement(
            "SELECT count(DISTINCT persistence_id) FROM event_journal WHERE persistence_id = ANY(?)")) {
      Array ids = c.createArrayOf("text", subjects.stream().map(sub -> "PatientVisits|" + TENANT + ":" + sub).toArray());
      s.setArray(1, ids);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (Exception e) {
      System.err.println("counting recorded intakes failed: " + e);
      return -1;
    }
  }

  /** All-day queues with room for the run, not busy, on the schedule; then every node answers for every state. */
  private void prepare(List<String> states) throws Exception {
    String admin = issuer.mint("ada-admin", "admin", TENANT, "Ada Admin");
    String settings = QueueSettings.allDay(20000);
    String base = api(bases.get(0));
    for (String state : states) {
      expect("PUT", base + "/queues/" + state + "/settings", admin, settings);
      expect("PUT", base + "/queues/" + state + "/busy", admin, "{\"busy\":false}");
      expect("POST", base + "/queues/" + state + "/resume-schedule", admin, null);
    }
    for (String b : bases) {
      for (String state : states) {
        expect("GET", api(b) + "/queues/" + state + "/availability", null, null);
      }
    }
  }

  static final int WARM_UP = 150;

  /**
   * Intakes before the load, through every node, until each entity type has had a visit in most of its shards:
   * the first use of a shard allocates it, and the measured load should meet a cluster in its steady state.
   * These visits are acknowledged like the others and read back with them.
   */
  private int warmUp(List<String> states, ConcurrentLinkedQueue<String[]> patients, List<Ack> acked) throws Exception {
    List<CompletableFuture<Void>> running = new ArrayList<>();
    AtomicInteger next = new AtomicInteger();
    long deadline = System.nanoTime() + 120_000_000_000L;
    for (int worker = 0; worker < 6; worker++) {
      running.add(CompletableFuture.runAsync(() -> {
        int i;
        while ((i = next.getAndIncrement()) < WARM_UP && System.nanoTime() < deadline) {
          String[] patient = patients.poll();
          String state = states.get(i % states.size());
          int node = i % bases.size();
          for (int attempt = 0; attempt < 10; attempt++) {
            try {
              HttpResponse<String> r = send("POST", api(bases.get(node)) + "/visits", patient[1],
                  "{\"state\":\"" + state + "\",\"reason\":\"node kill check\",\"patient\":{\"name\":\"Kill Patient\"}}",
                  patient[0], REQUEST_TIMEOUT).get(REQUEST_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
              if (r.statusCode() == 200 || r.statusCode() == 201) {
                acked.add(new Ack(field(r.body(), "id"), patient[0], patient[1], state, node));
                break;
              }
            } catch (Exception e) {
              // retried with the same key
            }
            sleep(500);
          }
        }
      }));
    }
    CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(130, TimeUnit.SECONDS);
    return acked.size();
  }

  /**
   * Waits until the shards stop moving: members that just joined receive shards by rebalancing every 10 s, and a
   * hand-off drops the messages it buffered, which would show as failures before the kill. Settled: the shards
   * per member unchanged for 15 s (at most 2 minutes).
   */
  private void settle() throws Exception {
    String operator = issuer.mint("oli-operator", "operator", TENANT, "Oli Operator");
    String last = "";
    long stableSince = System.nanoTime();
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = call("GET", bases.get(0) + "/api/v1/operator/status", operator, null);
      String shards = r.statusCode() == 200 ? JSON.readTree(r.body()).get("shards").toString().replaceAll("\"entities\":\\d+", "") : "";
      if (!shards.equals(last)) {
        last = shards;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > 15_000_000_000L) {
        return;
      }
      sleep(1_000);
    }
  }

  /** A setup call that must answer 200; a cluster that has just formed may answer 503 while shards settle. */
  private void expect(String method, String url, String token, String body) throws Exception {
    HttpResponse<String> r = null;
    for (int attempt = 0; attempt < 30; attempt++) {
      r = call(method, url, token, body);
      if (r.statusCode() == 200) {
        return;
      }
      if (r.statusCode() != 503) {
        break;
      }
      sleep(1_000);
    }
    throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
  }

  private ConcurrentLinkedQueue<String[]> presign(int count) throws InterruptedException {
    ConcurrentLinkedQueue<String[]> tokens = new ConcurrentLinkedQueue<>();
    var pool = Executors.newFixedThreadPool(2);
    for (int i = 0; i < count; i++) {
      String subject = "kill-" + RUN + "-" + i;
      pool.execute(() -> tokens.add(new String[] {subject, issuer.mint(subject, "patient", TENANT, "Kill Patient")}));
    }
    pool.shutdown();
    pool.awaitTermination(5, TimeUnit.MINUTES);
    return tokens;
  }

  private static String loadavg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- rejoin

  /** After the killed node was started again: it is a member again, and serves the visits acknowledged before. */
  Map<String, Object> rejoin() throws Exception {
    readBackDeadline = System.nanoTime() + 120_000_000_000L;
    String base = bases.get(0);
    int expected = Integer.parseInt(args.getOrDefault("members", "3"));
    String operator = issuer.mint("oli-operator", "operator", TENANT, "Oli Operator");
    Map<String, Object> out = new LinkedHashMap<>();
    long deadline = System.nanoTime() + 60_000_000_000L;
    int up = 0;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = call("GET", base + "/api/v1/operator/status", operator, null);
      if (r.statusCode() == 200) {
        up = 0;
        for (JsonNode m : JSON.readTree(r.body()).get("members")) {
          if (m.get("status").asText().equals("up") && m.get("reachable").asBoolean()) {
            up++;
          }
        }
        if (up >= expected) {
          break;
        }
      }
      sleep(500);
    }
    out.put("rejoin.membersUp", up);
    List<String> lines = Files.readAllLines(Path.of(required("ids")));
    Collections.shuffle(lines);
    int total = 0;
    int ok = 0;
    for (String line : lines.subList(0, Math.min(100, lines.size()))) {
      String[] f = line.split(" ");
      total++;
      if (readBack(List.of(base), "/visits/" + f[0], issuer.mint(f[1], "patient", TENANT, "Kill Patient")) == 200) {
        ok++;
      }
    }
    out.put("rejoin.readTotal", total);
    out.put("rejoin.readOk", ok);
    return out;
  }
}
