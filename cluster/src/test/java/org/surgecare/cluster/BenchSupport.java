package org.surgecare.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/** What benchmarks share: a fresh node, load helpers, percentiles, and writing their section of docs/benchmarks.md. */
public final class BenchSupport implements AutoCloseable {
  public static final String TENANT = TestNodes.TENANT;

  private final Path dataDir;
  private final Node node;
  private final ApiClient api;
  private final Fixtures fixtures;

  private BenchSupport(Path dataDir, Node node) {
    this.dataDir = dataDir;
    this.node = node;
    this.api = new ApiClient(node.baseUrl());
    this.fixtures = new Fixtures(api, TENANT);
  }

  public static BenchSupport start() throws Exception {
    Path dir = TestNodes.newDataDir();
    return new BenchSupport(dir, Node.start(TestNodes.settings(dir)));
  }

  public ApiClient api() {
    return api;
  }

  public Fixtures fixtures() {
    return fixtures;
  }

  public List<Map<String, String>> allDay() {
    return Fixtures.allDay();
  }

  public CompletableFuture<ApiClient.Response> intake(String state, String name, String token) {
    return api.send("POST", fixtures.path("/visits"), token,
        Map.of("state", state, "reason", "benchmark", "patient", Map.of("name", name)), Map.of());
  }

  /** Admits n patients with at most {@code concurrency} requests in flight; every one must be accepted. */
  public void intakes(int n, int concurrency, IntFunction<String> state, IntFunction<String> name) throws InterruptedException {
    List<String> tokens = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      tokens.add(api.token(name.apply(i), "patient", TENANT));
    }
    Semaphore inFlight = new Semaphore(concurrency);
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inFlight.acquire();
      int index = i;
      all.add(api.send("POST", fixtures.path("/visits"), tokens.get(i),
              Map.of("state", state.apply(i), "reason", "benchmark", "patient", Map.of("name", name.apply(i))), Map.of())
          .whenComplete((r, e) -> {
            inFlight.release();
            if (e != null || r.status() != 201) {
              throw new IllegalStateException("intake " + index + " failed: " + (e != null ? e : r.body()));
            }
          }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }

  /** Starts n operations at a steady rate and waits for all of them. */
  public void paced(int n, int perSecond, IntFunction<CompletableFuture<?>> operation) throws InterruptedException {
    List<CompletableFuture<?>> all = new ArrayList<>();
    long interval = 1_000_000_000L / perSecond;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      all.add(operation.apply(i));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }

  public void awaitQuiet(BooleanSupplier done, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  public void awaitVisitBoardCaughtUp() {
    new Projections(node).awaitVisitBoardCaughtUp();
  }

  public LiveClient live(String token, List<String> states, Consumer<JsonNode> listener) {
    LiveClient client = LiveClient.connect(node.baseUrl(), TENANT).auth(token);
    client.send(Map.of("type", "subscribe", "states", states));
    client.awaitType("subscribed");
    return client.onMessage(listener);
  }

  /** A pool of one connection to the node's database, for timing a read-model query without HTTP. */
  public HikariDataSource onePooledConnection() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(node.jdbcUrl());
    config.setUsername("postgres");
    config.setMaximumPoolSize(1);
    return new HikariDataSource(config);
  }

  /** CPU time used so far by this JVM (node and load generator) and by the node's PostgreSQL, in milliseconds. */
  public record Cpu(long jvmMillis, long postgresMillis) {
    Cpu minus(Cpu earlier) {
      return new Cpu(jvmMillis - earlier.jvmMillis, postgresMillis - earlier.postgresMillis);
    }
  }

  public Cpu cpu() {
    long jvm = ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    long postgres = 0;
    try {
      long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).strip());
      try (var procs = Files.list(Path.of("/proc"))) {
        for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
          long[] stat = stat(proc);
          if (stat != null && (stat[0] == postmaster || stat[1] == postmaster)) {
            postgres += stat[2];
          }
        }
      }
    } catch (IOException | RuntimeException notLinux) {
      return new Cpu(jvm, 0);
    }
    return new Cpu(jvm, postgres * 10); // clock ticks of 10 ms
  }

  /** pid, parent pid and CPU ticks (own and reaped children's) of a process, or null once it is gone. */
  private static long[] stat(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(proc.getFileName().toString()), Long.parseLong(f[1]),
          Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14])};
    } catch (IOException | RuntimeException gone) {
      return null;
    }
  }

  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  public String machine() {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
    } catch (IOException ignored) {
      // not Linux
    }
    long memoryGb = Math.round(((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / 1e9);
    return String.format(Locale.ROOT, "Machine: %s, %d cores, %d GB; Java %s; embedded PostgreSQL with fsync and synchronous_commit on; node and load generator on the same machine. Date: %s.",
        cpu, Runtime.getRuntime().availableProcessors(), memoryGb, System.getProperty("java.version"), LocalDate.now());
  }

  /** A markdown row: latencies in milliseconds from nanosecond samples. */
  public static String row(String figure, String target, List<Long> nanos, String notes) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return "| " + figure + " | " + target + " | – | – | – | 0 | " + notes + " |";
    }
    return String.format(Locale.ROOT, "| %s | %s | %.1f ms | %.1f ms | %.1f ms | %d | %s |",
        figure, target, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, sorted.get(sorted.size() - 1) / 1e6,
        sorted.size(), notes);
  }

  public static long percentile(List<Long> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  /** Replaces this benchmark's section of docs/benchmarks.md (between its markers), or appends it. */
  public void writeSection(String name, String markdown) throws IOException {
    Path file = Path.of("..", "docs", "benchmarks.md");
    String begin = "<!-- " + name + ":begin -->";
    String end = "<!-- " + name + ":end -->";
    String section = begin + "\n" + markdown + "\n" + end;
    String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    text = from >= 0 && to > from
        ? text.substring(0, from) + section + text.substring(to + end.length())
        : text.stripTrailing() + "\n\n" + section + "\n";
    Files.writeString(file, text);
  }

  @Override
  public void close() throws Exception {
    node.close();
    TestNodes.delete(dataDir);
  }
}
