package org.surgecare.load.care;

import org.surgecare.load.support.HttpApi;
import org.surgecare.load.support.QueueSettings;
import org.surgecare.load.support.States;
import org.surgecare.load.support.LocalIssuer;
import org.surgecare.load.support.DocSection;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.care.visit.Visit;

/**
 * Read-model catch-up of DESIGN.md section 7 against a running node: a burst of tagged events lands in the journal
 * at once, and the time until the visit-board and queue-board projections have applied all of it gives events/s;
 * then intake runs through the API at a steady rate below the maximum while the projections' lag is sampled, to
 * show whether it grows.
 *
 * <p>The burst is made of copies of one real intake's two tagged events ({@code VisitOpened} of a visit and
 * {@code VisitQueued} of a state queue, byte for byte except for a fresh visit id), written in one transaction
 * with their tag rows, half as new visits and half spread over the queues of 50 states. The copies belong to a
 * tenant of their own ({@code catchup-...}) that the node does not serve, so no entity of a served tenant changes:
 * only the read models see them. Nothing is deleted afterwards (journal events never are).
 *
 * <pre>
 * java ... CatchUpBench --base URL --jdbc JDBC_URL [--issuer-key FILE] [--tenant demo] [--events 100000]
 *     [--rate 50] [--seconds 60] [--label TEXT] [--results FILE] [--doc docs/benchmarks.md]
 * </pre>
 *
 * Without {@code --issuer-key} tokens come from the node's {@code /dev/token}. {@code --results} collects the
 * table rows of several runs (e.g. before and after a change) and {@code --doc} rewrites the
 * {@code catch-up} block of that file from them. The last line on stdout has every figure as {@code key=value}.
 */
public final class CatchUpBench {
  static final List<String> PROJECTIONS = List.of("visit-board", "queue-board");
  static final List<String> STATES = States.FIFTY;
  /** States the steady intake spreads over, as the surge simulations do. */
  static final List<String> INTAKE_STATES = List.of("WA", "OR", "CA", "NY", "TX", "FL", "IL", "PA", "OH", "GA", "NC", "MI");
  private static final int CHUNK = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  record Options(String base, String jdbc, Optional<Path> issuerKey, String tenant, int events, int rate, int seconds,
      String label, Optional<Path> results, Optional<Path> doc) {

    static Options parse(String[] args) {
      Map<String, String> o = new HashMap<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        if (!args[i].startsWith("--")) {
          throw new IllegalArgumentException("expected an option, not " + args[i]);
        }
        o.put(args[i].substring(2), args[i + 1]);
      }
      if (!o.containsKey("base") || !o.containsKey("jdbc")) {
        throw new IllegalArgumentException("--base and --jdbc are required");
      }
      if (Integer.parseInt(o.getOrDefault("rate", "50")) < 1) {
        throw new IllegalArgumentException("--rate must be at least 1");
      }
      return new Options(o.get("base"), o.get("jdbc"), Optional.ofNullable(o.get("issuer-key")).map(Path::of),
          o.getOrDefault("tenant", "demo"), Integer.parseInt(o.getOrDefault("events", "100000")),
          Integer.parseInt(o.getOrDefault("rate", "50")), Integer.parseInt(o.getOrDefault("seconds", "60")),
          o.getOrDefault("label", "this build"), Optional.ofNullable(o.get("results")).map(Path::of),
          Optional.ofNullable(o.get("doc")).map(Path::of));
    }
  }

  /** How far the burst has been applied: when it committed, and per second after that the events applied. */
  record CatchUp(int events, double seconds, double eventsPerSecond, double bestSecond, boolean complete) {}

  /** One sample of the projections' lag: tagged events not yet applied, and the age of the oldest of them. */
  record Lag(double at, long events, long oldestMillis) {}

  record Sustained(int offered, int served, int failed, double seconds, List<Lag> samples) {}

  private final Options options;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final Optional<LocalIssuer> issuer;
  private final String run = Long.toString(System.currentTimeMillis(), 36);

  CatchUpBench(Options options) {
    this.options = options;
    this.issuer = options.issuerKey().map(LocalIssuer::fromFile);
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: CatchUpBench --base URL --jdbc JDBC_URL [--issuer-key FILE] [--tenant T] [--events N]"
          + " [--rate PER_SECOND] [--seconds S] [--label TEXT] [--results FILE] [--doc FILE]");
      System.exit(2);
      return;
    }
    new CatchUpBench(options).run();
  }

  void run() throws Exception {
    String loadBefore = loadAverage();
    try (Connection c = DriverManager.getConnection(options.jdbc())) {
      prepareQueues();
      int intakes = options.rate() * options.seconds();
      List<String> tokens = patientTokens(intakes + 12);
      log("warm-up: 12 intakes, then waiting for the read models to catch up");
      intakeAtRate(tokens.subList(intakes, intakes + 12), 12, 6);
      awaitCaughtUp(c, Duration.ofSeconds(60));

      CatchUp catchUp = options.events() > 0 ? burst(c) : null;
      Sustained sustained = options.seconds() > 0 ? sustained(c, tokens.subList(0, intakes)) : null;
      String loadAfter = loadAverage();
      report(catchUp, sustained, loadBefore + " → " + loadAfter);
    }
  }

  // ---- setup

  private String url(String path) {
    return options.base() + "/api/v1/tenants/" + options.tenant() + path;
  }

  private void prepareQueues() {
    String admin = token("ada-admin", "admin");
    String settings = QueueSettings.allDay(100000);
    for (String state : INTAKE_STATES) {
      expect("PUT", url("/queues/" + state + "/settings"), admin, settings, 200);
      expect("PUT", url("/queues/" + state + "/busy"), admin, "{\"busy\":false}", 200);
      expect("POST", url("/queues/" + state + "/resume-schedule"), admin, null, 200);
    }
  }

  private String token(String subject, String role) {
    if (issuer.isPresent()) {
      return issuer.get().mint(subject, role, options.tenant(), subject);
    }
    String body = "{\"subject\":\"" + subject + "\",\"role\":\"" + role + "\",\"tenant\":\"" + options.tenant() + "\"}";
    try {
      return JSON.readTree(expect("POST", options.base() + "/dev/token", null, body, 200)).get("token").asText();
    } catch (IOException e) {
      throw new IllegalStateException("no token from /dev/token", e);
    }
  }

  /** Signs (or fetches) the patients' tokens before anything is measured. */
  private List<String> patientTokens(int n) {
    long started = System.nanoTime();
    List<String> tokens = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(n, (String) null)));
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int first = t;
      Thread thread = new Thread(() -> {
        for (int i = first; i < n; i += 2) {
          tokens.set(i, token("catchup-" + run + "-" + i, "patient"));
        }
      }, "token-signer-" + t);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    log(String.format(Locale.ROOT, "%d patient tokens in %.1f s", n, (System.nanoTime() - started) / 1e9));
    return List.copyOf(tokens);
  }

  private String expect(String method, String url, String token, String body, int status) {
    HttpResponse<String> response = send(method, url, token, body).join();
    if (response.statusCode() != status) {
      throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private CompletableFuture<HttpResponse<String>> send(String method, String url, String token, String body) {
    return http.sendAsync(HttpApi.request(method, url, token, body, null, Duration.ofSeconds(30)), HttpResponse.BodyHandlers.ofString());
  }

  // ---- the burst

  /** The journal row a copy is made from. */
  record Template(long ordering, String text, String visitId) {}

  private CatchUp burst(Connection c) throws SQLException, InterruptedException {
    Template opened = template(c, "Visit|", "VisitOpened");
    Template queued = template(c, "StateQueue|", "VisitQueued");
    String tenant = "catchup-" + run;
    int visits = options.events() / 2;
    int queueEvents = options.events() - visits;
    log(String.format(Locale.ROOT, "burst: %,d events (%,d new visits, %,d queue events over %d states) in tenant %s",
        options.events(), visits, queueEvents, STATES.size(), tenant));

    // Orderings from the journal's own sequence, visit and queue events interleaved as an intake surge writes them.
    long[] orderings = orderings(c, options.events());
    List<String> pids = new ArrayList<>();
    List<Long> seqs = new ArrayList<>();
    List<String> payloads = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    List<Boolean> isVisit = new ArrayList<>();
    Map<String, Integer> queueSeq = new HashMap<>();
    int v = 0;
    int q = 0;
    for (int i = 0; i < options.events(); i++) {
      if ((i % 2 == 0 && v < visits) || q >= queueEvents) {
        String visit = UUID.randomUUID().toString();
        pids.add("Visit|" + tenant + ":" + visit);
        seqs.add(1L);
        payloads.add(opened.text().replace(opened.visitId(), visit));
        tags.add(Visit.TAGS.tagFor(visit));
        isVisit.add(true);
        v++;
      } else {
        String state = STATES.get(q % STATES.size());
        pids.add("StateQueue|" + tenant + ":" + state);
        seqs.add((long) queueSeq.merge(state, 1, Integer::sum));
        payloads.add(queued.text());
        tags.add(StateQueue.TAGS.tagFor(tenant + state));
        isVisit.add(false);
        q++;
      }
    }
    // What each projection slice must reach: the burst's events of its tag, in journal order.
    Map<String, List<Long>> byTag = new TreeMap<>();
    for (int i = 0; i < orderings.length; i++) {
      byTag.computeIfAbsent(tags.get(i), t -> new ArrayList<>()).add(orderings[i]);
    }

    long writeStarted = System.nanoTime();
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      long now = System.currentTimeMillis();
      for (int from = 0; from < orderings.length; from += CHUNK) {
        int to = Math.min(orderings.length, from + CHUNK);
        insert(c, opened, queued, now, Arrays.copyOfRange(orderings, from, to), pids.subList(from, to),
            seqs.subList(from, to), payloads.subList(from, to), tags.subList(from, to), isVisit.subList(from, to));
      }
      c.commit();
    } finally {
      c.setAutoCommit(autoCommit);
    }
    long committed = System.nanoTime();
    log(String.format(Locale.ROOT, "burst written in %.1f s (one transaction); waiting for the projections",
        (committed - writeStarted) / 1e9));

    // Sample the projections' offsets until every slice has passed the burst's last event of its tag.
    List<double[]> progress = new ArrayList<>();
    long deadline = committed + Duration.ofMinutes(15).toNanos();
    long applied = 0;
    while (true) {
      Map<String, Long> offsets = offsets(c);
      applied = 0;
      for (Map.Entry<String, List<Long>> tag : byTag.entrySet()) {
        long offset = offsets.getOrDefault(tag.getKey(), 0L);
        int at = Collections.binarySearch(tag.getValue(), offset);
        applied += at >= 0 ? at + 1 : -at - 1;
      }
      double t = (System.nanoTime() - committed) / 1e9;
      progress.add(new double[] {t, applied});
      if (applied >= options.events() || System.nanoTime() > deadline) {
        break;
      }
      if (progress.size() % 50 == 0) {
        log(String.format(Locale.ROOT, "  %.0f s: %,d of %,d applied", t, applied, options.events()));
      }
      Thread.sleep(100);
    }
    double seconds = progress.get(progress.size() - 1)[0];
    double best = 0;
    for (int i = 0, j = 0; i < progress.size(); i++) {
      while (j < progress.size() && progress.get(j)[0] - progress.get(i)[0] < 1.0) {
        j++;
      }
      if (j < progress.size()) {
        double[] a = progress.get(i);
        double[] b = progress.get(j);
        best = Math.max(best, (b[1] - a[1]) / (b[0] - a[0]));
      }
    }
    boolean complete = applied >= options.events();
    log(String.format(Locale.ROOT, "caught up %s after %.1f s: %.0f events/s, best second %.0f",
        complete ? "" : "NOT", seconds, applied / seconds, best));
    return new CatchUp(options.events(), seconds, applied / seconds, best, complete);
  }

  /** The latest event of this kind: its payload text and the visit id in it. */
  private static Template template(Connection c, String pidPrefix, String event) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT ordering, convert_from(event_payload, 'UTF8') FROM event_journal"
            + " WHERE persistence_id LIKE ? AND event_ser_manifest LIKE ? ORDER BY ordering DESC LIMIT 1")) {
      s.setString(1, pidPrefix + "%");
      s.setString(2, "%" + event);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new IllegalStateException("no " + event + " in the journal to copy");
        }
        String text = r.getString(2);
        String visitId = JSON.readTree(text).path(event.equals("VisitOpened") ? "intake" : "visit").path("visitId").asText();
        if (visitId.isEmpty()) {
          throw new IllegalStateException(event + " has no visit id where expected: " + text);
        }
        return new Template(r.getLong(1), text, visitId);
      } catch (IOException e) {
        throw new IllegalStateException(event + " is not stored as JSON; cannot copy it", e);
      }
    }
  }

  private static long[] orderings(Connection c, int n) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT nextval(pg_get_serial_sequence('event_journal', 'ordering')) FROM generate_series(1, ?)")) {
      s.setInt(1, n);
      long[] orderings = new long[n];
      try (ResultSet r = s.executeQuery()) {
        for (int i = 0; r.next(); i++) {
          orderings[i] = r.getLong(1);
        }
      }
      Arrays.sort(orderings);
      return orderings;
    }
  }

  private static void insert(Connection c, Template opened, Template queued, long writeTimestamp, long[] orderings,
      List<String> pids, List<Long> seqs, List<String> payloads, List<String> tags, List<Boolean> isVisit)
      throws SQLException {
    try (PreparedStatement journal = c.prepareStatement(
            "INSERT INTO event_journal (ordering, persistence_id, sequence_number, deleted, writer, write_timestamp,"
                + " adapter_manifest, event_ser_id, event_ser_manifest, event_payload, meta_ser_id, meta_ser_manifest,"
                + " meta_payload)"
                + " SELECT x.o, x.pid, x.seq, false, t.writer, ?, t.adapter_manifest, t.event_ser_id, t.event_ser_manifest,"
                + " convert_to(x.p, 'UTF8'), t.meta_ser_id, t.meta_ser_manifest, t.meta_payload"
                + " FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::boolean[]) AS x(o, pid, seq, p, visit)"
                + " JOIN event_journal t ON t.ordering = CASE WHEN x.visit THEN ? ELSE ? END");
        PreparedStatement tag = c.prepareStatement(
            "INSERT INTO event_tag (event_id, tag) SELECT * FROM unnest(?::bigint[], ?::text[])")) {
      Array ids = c.createArrayOf("bigint", Arrays.stream(orderings).boxed().toArray());
      journal.setLong(1, writeTimestamp);
      journal.setArray(2, ids);
      journal.setArray(3, c.createArrayOf("text", pids.toArray()));
      journal.setArray(4, c.createArrayOf("bigint", seqs.toArray()));
      journal.setArray(5, c.createArrayOf("text", payloads.toArray()));
      journal.setArray(6, c.createArrayOf("boolean", isVisit.toArray()));
      journal.setLong(7, opened.ordering());
      journal.setLong(8, queued.ordering());
      int rows = journal.executeUpdate();
      if (rows != orderings.length) {
        throw new IllegalStateException("wrote " + rows + " journal rows, not " + orderings.length);
      }
      tag.setArray(1, ids);
      tag.setArray(2, c.createArrayOf("text", tags.toArray()));
      tag.executeUpdate();
    }
  }

  /** Stored offsets of the visit-board and queue-board slices, by tag. */
  private static Map<String, Long> offsets(Connection c) throws SQLException {
    Map<String, Long> offsets = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT projection_key, current_offset::bigint FROM pekko_projection_offset_store WHERE projection_name = ANY (?)")) {
      s.setArray(1, c.createArrayOf("text", PROJECTIONS.toArray()));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          offsets.put(r.getString(1), r.getLong(2));
        }
      }
    }
    return offsets;
  }

  // ---- lag

  private static final String LAG = """
      SELECT coalesce(sum(b.behind), 0), min(b.oldest)
        FROM pekko_projection_offset_store o
        CROSS JOIN LATERAL (
          SELECT count(*) AS behind,
                 (SELECT j.write_timestamp FROM event_journal j WHERE j.ordering = min(t.event_id)) AS oldest
            FROM event_tag t
           WHERE t.tag = o.projection_key AND t.event_id > o.current_offset::bigint) b
       WHERE o.projection_name = ANY (?)
      """;

  /** Tagged events written but not yet applied, over all slices, and the write time of the oldest of them. */
  private static Lag lag(Connection c, double at) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(LAG)) {
      s.setArray(1, c.createArrayOf("text", PROJECTIONS.toArray()));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        long behind = r.getLong(1);
        long oldest = r.getLong(2);
        long age = behind == 0 || r.wasNull() ? 0 : Math.max(0, System.currentTimeMillis() - oldest);
        return new Lag(at, behind, age);
      }
    }
  }

  private static void awaitCaughtUp(Connection c, Duration atMost) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (lag(c, 0).events() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the read models did not catch up within " + atMost);
      }
      Thread.sleep(200);
    }
  }

  // ---- steady intake

  private Sustained sustained(Connection c, List<String> tokens) throws Exception {
    log(String.format(Locale.ROOT, "steady intake: %d/s for %d s over %d states, sampling the lag every 0.5 s",
        options.rate(), options.seconds(), INTAKE_STATES.size()));
    ConcurrentLinkedQueue<Lag> samples = new ConcurrentLinkedQueue<>();
    long started = System.nanoTime();
    Thread sampler = new Thread(() -> {
      try (Connection own = DriverManager.getConnection(options.jdbc())) {
        while (!Thread.currentThread().isInterrupted()) {
          samples.add(lag(own, (System.nanoTime() - started) / 1e9));
          Thread.sleep(500);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (SQLException e) {
        throw new IllegalStateException("sampling the lag failed", e);
      }
    }, "lag-sampler");
    sampler.start();
    int[] outcome = intakeAtRate(tokens, options.rate(), 256);
    double seconds = (System.nanoTime() - started) / 1e9;
    // A few more samples after the last intake, to see the lag drain.
    Thread.sleep(2_000);
    sampler.interrupt();
    sampler.join();
    return new Sustained(tokens.size(), outcome[0], outcome[1], seconds, List.copyOf(samples));
  }

  /** Intakes at a fixed rate (at most {@code inFlight} unanswered); returns {accepted, failed}. */
  private int[] intakeAtRate(List<String> tokens, int perSecond, int inFlight) throws InterruptedException {
    Semaphore permits = new Semaphore(inFlight);
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>();
    long interval = 1_000_000_000L / perSecond;
    long start = System.nanoTime();
    for (int i = 0; i < tokens.size(); i++) {
      long wait = start + i * interval - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      permits.acquire();
      String body = "{\"state\":\"" + INTAKE_STATES.get(i % INTAKE_STATES.size()) + "\",\"reason\":\"catch-up benchmark\","
          + "\"patient\":{\"name\":\"Catch-up patient " + i + "\"}}";
      all.add(send("POST", url("/visits"), tokens.get(i), body).whenComplete((r, e) -> {
        permits.release();
        if (e == null && r.statusCode() == 201) {
          accepted.incrementAndGet();
        } else {
          if (failed.incrementAndGet() <= 3) {
            log("intake failed: " + (e != null ? e : r.statusCode() + " " + r.body()));
          }
        }
      }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    return new int[] {accepted.get(), failed.get()};
  }

  // ---- report

  private void report(CatchUp catchUp, Sustained sustained, String loadAverage) throws IOException {
    String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    Map<String, String> figures = new LinkedHashMap<>();
    List<String> rows = new ArrayList<>();
    if (catchUp != null) {
      figures.put("burstEvents", Integer.toString(catchUp.events()));
      figures.put("catchUpSeconds", f1(catchUp.seconds()));
      figures.put("catchUpEventsPerSecond", f0(catchUp.eventsPerSecond()));
      figures.put("catchUpBestSecond", f0(catchUp.bestSecond()));
      figures.put("caughtUp", catchUp.complete() ? "yes" : "no");
      rows.add(String.format(Locale.ROOT, "C| %s (%s) | %,d | %s | %s events/s | %s events/s | %s | %s |",
          options.label(), when, catchUp.events(), catchUp.complete() ? f1(catchUp.seconds()) + " s" : "not within " + f0(catchUp.seconds()) + " s",
          String.format(Locale.ROOT, "%,.0f", catchUp.eventsPerSecond()), String.format(Locale.ROOT, "%,.0f", catchUp.bestSecond()),
          loadAverage, catchUp.complete() && catchUp.eventsPerSecond() >= 5_000 ? "meets" : "**short**"));
    }
    if (sustained != null) {
      List<Lag> s = sustained.samples();
      List<Long> events = s.stream().map(Lag::events).sorted().toList();
      List<Long> ages = s.stream().map(Lag::oldestMillis).sorted().toList();
      // Trend over the samples taken while intake ran: mean lag of the first and of the last quarter.
      List<Lag> during = s.stream().filter(l -> l.at() <= sustained.seconds()).toList();
      int quarter = Math.max(1, during.size() / 4);
      double first = during.subList(0, Math.min(quarter, during.size())).stream().mapToLong(Lag::events).average().orElse(0);
      double last = during.subList(Math.max(0, during.size() - quarter), during.size()).stream().mapToLong(Lag::events).average().orElse(0);
      double perSecond = sustained.served() / sustained.seconds();
      // Growing means the last quarter trails by more than a second's worth of tagged events (two per intake).
      boolean grows = last > first + 2 * perSecond;
      figures.put("sustainedRate", Integer.toString(options.rate()));
      figures.put("sustainedSeconds", f1(sustained.seconds()));
      figures.put("sustainedServed", Integer.toString(sustained.served()));
      figures.put("sustainedFailed", Integer.toString(sustained.failed()));
      figures.put("lagSamples", Integer.toString(s.size()));
      figures.put("lagEventsP50", Long.toString(percentile(events, 0.5)));
      figures.put("lagEventsMax", Long.toString(percentile(events, 1.0)));
      figures.put("lagMillisP50", Long.toString(percentile(ages, 0.5)));
      figures.put("lagMillisMax", Long.toString(percentile(ages, 1.0)));
      figures.put("lagFirstQuarter", f1(first));
      figures.put("lagLastQuarter", f1(last));
      figures.put("lagGrows", grows ? "yes" : "no");
      rows.add(String.format(Locale.ROOT, "S| %s (%s) | %d/s for %.0f s: %d accepted, %d failed | %d / %d | %d / %d ms | %s → %s | %s | %s |",
          options.label(), when, options.rate(), sustained.seconds(), sustained.served(), sustained.failed(),
          percentile(events, 0.5), percentile(events, 1.0), percentile(ages, 0.5), percentile(ages, 1.0), f1(first), f1(last),
          loadAverage, grows ? "**grows**" : "does not grow"));
    }
    if (options.results().isPresent()) {
      Files.write(options.results().get(), rows, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    if (options.doc().isPresent()) {
      List<String> all = options.results().isPresent() ? Files.readAllLines(options.results().get()) : rows;
      DocSection.write(options.doc().get(), "catch-up", section(all));
    }
    StringBuilder line = new StringBuilder();
    figures.forEach((k, v) -> line.append(line.isEmpty() ? "" : " ").append(k).append('=').append(v));
    System.out.println(line);
  }

  private String section(List<String> rows) {
    List<String> out = new ArrayList<>();
    out.add("### Read-model catch-up (CatchUpBench)");
    out.add("");
    out.add(machine());
    out.add("");
    out.add(String.format(Locale.ROOT, "A burst of %,d tagged events (copies of a real intake's `VisitOpened` and `VisitQueued`, half new visits,"
        + " half queue events over %d states) written to the journal in one transaction while the node is idle; the time from its commit until"
        + " every visit-board and queue-board slice has stored an offset past it. Target: ≥ 5,000 events/s.", options.events(), STATES.size()));
    out.add("");
    out.add("| run | events | caught up in | events/s | best second | load average | verdict |");
    out.add("| --- | --- | --- | --- | --- | --- | --- |");
    rows.stream().filter(r -> r.startsWith("C|")).map(r -> "|" + r.substring(2)).forEach(out::add);
    out.add("");
    out.add(String.format(Locale.ROOT, "Then intake through the API at a steady rate below the node's maximum (%d states), with the lag of the same"
        + " projections sampled every 0.5 s: tagged events written and not yet applied (two per intake), and the age of the oldest of"
        + " them. It grows if the mean of the last quarter of the samples exceeds the first quarter's by more than a second of events."
        + " Target: lag never grows.", INTAKE_STATES.size()));
    out.add("");
    out.add("| run | intake | lag events p50 / max | oldest unapplied event p50 / max | mean lag, first → last quarter | load average | verdict |");
    out.add("| --- | --- | --- | --- | --- | --- | --- |");
    rows.stream().filter(r -> r.startsWith("S|")).map(r -> "|" + r.substring(2)).forEach(out::add);
    out.add("");
    return String.join("\n", out);
  }

  private static String machine() {
    String cpu = "unknown CPU";
    long memoryGb = 0;
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
      memoryGb = Math.round(Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L) / 1e6);
    } catch (IOException ignored) {
      // not Linux
    }
    return String.format(Locale.ROOT, "Machine: %s, %d cores, %d GB, shared by the node, its embedded PostgreSQL (fsync and"
        + " synchronous_commit on) and this benchmark. Date: %s.", cpu, Runtime.getRuntime().availableProcessors(), memoryGb,
        LocalDate.now(ZoneOffset.UTC));
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  static long percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)));
  }

  private static String f0(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static void log(String message) {
    System.err.println("[catch-up " + java.time.LocalTime.now().withNano(0) + "] " + message);
  }
}
