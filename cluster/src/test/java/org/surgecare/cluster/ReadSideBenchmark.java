package org.surgecare.cluster;

import com.zaxxer.hikari.HikariDataSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.surgecare.core.common.UsState;
import org.surgecare.projections.care.DashboardQuery;

/**
 * Read-side figures of DESIGN §7: the caregiver dashboard with 10,000 waiting patients over 50 states, and
 * persist → caregiver socket latency under intake load. Prints the figures and writes them to
 * docs/benchmarks.md between markers; asserts nothing about time.
 *
 * <p>Run: {@code mvn -B -pl cluster -am test -Dsurefire.excludedGroups= -Dgroups=benchmark -Dtest=ReadSideBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Tag("benchmark")
class ReadSideBenchmark {
  static final int STATES = 50;
  static final int WAITING = Integer.getInteger("bench.waiting", 10_000);
  static final int DASHBOARD_REQUESTS = Integer.getInteger("bench.dashboardRequests", 400);
  static final int LIVE_INTAKES = Integer.getInteger("bench.liveIntakes", 1_000);
  static final int LIVE_RATE = Integer.getInteger("bench.liveRate", 100);

  @Test
  void dashboardAndLiveLatency() throws Exception {
    try (BenchSupport bench = BenchSupport.start()) {
      List<String> states = Arrays.stream(UsState.values()).limit(STATES).map(Enum::name).toList();
      for (String state : states) {
        bench.fixtures().settings(state, bench.allDay(), 100_000, 6, 15, 15);
      }
      bench.fixtures().invite("bench-doc", "provider");
      for (String state : states.subList(0, 5)) {
        bench.fixtures().license("bench-doc", state, LocalDate.now().plusYears(1), true);
      }

      long started = System.nanoTime();
      bench.intakes(WAITING, 64, i -> states.get(i % STATES), i -> "waiting-" + i);
      double intakeSeconds = (System.nanoTime() - started) / 1e9;
      bench.awaitVisitBoardCaughtUp();

      String support = bench.api().token("bench-support", "support", BenchSupport.TENANT);
      String path = bench.fixtures().path("/dashboard?states=" + String.join(",", states));
      for (int i = 0; i < 30; i++) {
        bench.api().get(path, support);
      }
      String loadBefore = BenchSupport.loadAverage();
      List<Long> alone = new ArrayList<>();
      for (int i = 0; i < DASHBOARD_REQUESTS / 2; i++) {
        long sent = System.nanoTime();
        bench.api().get(path, support);
        alone.add(System.nanoTime() - sent);
      }
      List<Long> dashboard = Collections.synchronizedList(new ArrayList<>());
      Semaphore inFlight = new Semaphore(4);
      List<CompletableFuture<?>> all = new ArrayList<>();
      BenchSupport.Cpu cpuBefore = bench.cpu();
      long dashboardStarted = System.nanoTime();
      for (int i = 0; i < DASHBOARD_REQUESTS; i++) {
        inFlight.acquire();
        long sent = System.nanoTime();
        all.add(bench.api().send("GET", path, support, null, Map.of()).whenComplete((r, e) -> {
          dashboard.add(System.nanoTime() - sent);
          inFlight.release();
          if (e != null || r.status() != 200) {
            throw new IllegalStateException("dashboard failed: " + (e != null ? e : r.body()));
          }
        }));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
      double dashboardRate = DASHBOARD_REQUESTS / ((System.nanoTime() - dashboardStarted) / 1e9);
      BenchSupport.Cpu cpu = bench.cpu().minus(cpuBefore);
      int visitsPerResponse = bench.api().get(path, support).json().get("visits").size();

      // The read-model query alone, one at a time on one connection: no HTTP, JSON, audit or queueing.
      List<Long> query = new ArrayList<>();
      List<UsState> usStates = states.stream().map(UsState::valueOf).toList();
      try (HikariDataSource pool = bench.onePooledConnection()) {
        DashboardQuery dashboardQuery = new DashboardQuery(pool);
        for (int i = 0; i < DASHBOARD_REQUESTS + 30; i++) {
          long queried = System.nanoTime();
          dashboardQuery.load(BenchSupport.TENANT, usStates, 25);
          if (i >= 30) {
            query.add(System.nanoTime() - queried);
          }
        }
      }
      String loadAfter = BenchSupport.loadAverage();

      // Persist → socket: a caregiver watches five states while patients keep arriving at a steady rate.
      List<String> watched = states.subList(0, 5);
      Map<String, Long> sentAt = new ConcurrentHashMap<>();
      List<Long> toSocket = Collections.synchronizedList(new ArrayList<>());
      List<Long> toResponse = Collections.synchronizedList(new ArrayList<>());
      List<String> liveTokens = new ArrayList<>();
      for (int i = 0; i < LIVE_INTAKES; i++) {
        liveTokens.add(bench.api().token("live-" + i, "patient", BenchSupport.TENANT));
      }
      try (var socket = bench.live(support, watched, message -> {
        if (message.path("type").asText().equals("visit")) {
          Long sent = sentAt.remove(message.path("visit").path("patientName").asText());
          if (sent != null) {
            toSocket.add(System.nanoTime() - sent);
          }
        }
      })) {
        bench.paced(LIVE_INTAKES, LIVE_RATE, i -> {
          String name = "live-" + i;
          long sent = System.nanoTime();
          sentAt.put(name, sent);
          return bench.intake(watched.get(i % watched.size()), name, liveTokens.get(i))
              .thenAccept(r -> toResponse.add(System.nanoTime() - sent));
        });
        bench.awaitQuiet(() -> sentAt.isEmpty(), 15);
      }

      String report = String.join("\n",
          "### Read side (ReadSideBenchmark)",
          "",
          bench.machine(),
          "",
          String.format(Locale.ROOT, "Setup: %d waiting patients over %d states, admitted through HTTP in %.1f s (%.0f intakes/s at 64 in flight).",
              WAITING, STATES, intakeSeconds, WAITING / intakeSeconds),
          "",
          "| figure | target | p50 | p99 | max | n | notes |",
          "| --- | --- | --- | --- | --- | --- | --- |",
          BenchSupport.row(String.format(Locale.ROOT, "caregiver dashboard, %,d waiting over %d states, one request", WAITING, STATES), "p99 ≤ 50 ms", dashboard,
              String.format(Locale.ROOT, "%d visits per response, 4 in flight, %.0f requests/s; CPU per request %.1f ms in this JVM (node and client), %.1f ms in PostgreSQL",
                  visitsPerResponse, dashboardRate, (double) cpu.jvmMillis() / DASHBOARD_REQUESTS, (double) cpu.postgresMillis() / DASHBOARD_REQUESTS)),
          BenchSupport.row("the same, one request at a time", "p99 ≤ 50 ms", alone, ""),
          BenchSupport.row("its read-model query alone (DashboardQuery.load, one connection, one at a time)", "", query,
              "load average " + loadBefore + " → " + loadAfter + " over the three dashboard rows"),
          BenchSupport.row("intake sent → caregiver socket message (upper bound of persist → socket)", "p99 ≤ 250 ms", toSocket,
              String.format(Locale.ROOT, "%d intakes at %d/s into 5 watched states; %d of them not seen", LIVE_INTAKES, LIVE_RATE, sentAt.size())),
          BenchSupport.row("intake sent → HTTP 201 (same load)", "p99 ≤ 100 ms", toResponse, ""),
          "");
      System.out.println(report);
      bench.writeSection("read-side", report);
    }
  }
}
