package org.surgecare.http.api;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Request latency per route group and status class for Prometheus, and the recent request rate for the
 * operator view (a ring of one-second buckets, so no lock on the hot path).
 */
public final class RequestMetrics {
  public static final int WINDOW_SECONDS = 10;

  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final AtomicLong total = new AtomicLong();
  private final ConcurrentHashMap<Series, Timer> timers = new ConcurrentHashMap<>();
  private final AtomicLongArray buckets = new AtomicLongArray(WINDOW_SECONDS + 1);
  private final AtomicLongArray bucketSecond = new AtomicLongArray(WINDOW_SECONDS + 1);

  /** The tags of one timer: route group, method and status class; all from bounded sets. */
  private record Series(String group, String method, int statusClass) {}

  public RequestMetrics(PrometheusMeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public void record(String group, String method, int status, long nanos) {
    // One timer per series, found without building its id and tags again for every request.
    timers.computeIfAbsent(new Series(group, method, status / 100), series -> Timer.builder("surgecare_http_requests")
            .description("HTTP requests by route group, method and status class")
            .tags("group", series.group(), "method", series.method(), "status", series.statusClass() + "xx")
            .publishPercentiles(0.5, 0.99)
            .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
    total.incrementAndGet();
    long second = clock.millis() / 1000;
    int slot = (int) (second % buckets.length());
    if (bucketSecond.getAndSet(slot, second) != second) {
      buckets.set(slot, 0);
    }
    buckets.incrementAndGet(slot);
  }

  public long total() {
    return total.get();
  }

  /** Requests per second over the last full {@value #WINDOW_SECONDS} seconds. */
  public double perSecond() {
    long now = clock.millis() / 1000;
    long sum = 0;
    for (int i = 1; i <= WINDOW_SECONDS; i++) {
      long second = now - i;
      int slot = (int) (second % buckets.length());
      if (bucketSecond.get(slot) == second) {
        sum += buckets.get(slot);
      }
    }
    return sum / (double) WINDOW_SECONDS;
  }

  /** Route groups that become metric tags; anything else is "other", so unknown paths cannot add series. */
  public static final java.util.Set<String> GROUPS = java.util.Set.of(
      "visits", "queues", "providers", "dashboard", "live", "caregivers", "audit", "health", "dev", "metrics", "operator",
      "openapi.yaml");

  public static String groupOf(String path) {
    String[] parts = path.split("/");
    // /api/v1/tenants/{t}/{resource}/...: the resource names the group; ids never become tags.
    String group = parts.length > 5 && parts[1].equals("api") && parts[3].equals("tenants") ? parts[5]
        : parts.length > 3 && parts[1].equals("api") && parts[2].equals("v1") ? parts[3]
        : parts.length > 2 && parts[1].equals("api") ? parts[2]
        : parts.length > 1 ? parts[1] : "";
    return GROUPS.contains(group) ? group : "other";
  }
}
