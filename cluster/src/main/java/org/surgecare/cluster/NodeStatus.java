package org.surgecare.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.surgecare.core.care.caregiver.Caregiver;
import org.surgecare.core.care.patient.PatientVisits;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.care.visit.Visit;
import org.surgecare.http.api.RequestMetrics;
import org.surgecare.http.operator.OperatorStatus;
import org.surgecare.projections.care.ReadModelProjections;
import org.surgecare.projections.common.ProjectionLag;

/**
 * The node as operators see it: members, shards and entities per node, projection lag and request rate for the
 * operator view, and the same lag and the queue lengths as Prometheus gauges, refreshed every few seconds.
 */
final class NodeStatus implements Supplier<CompletionStage<OperatorStatus>> {
  private static final Logger log = LoggerFactory.getLogger(NodeStatus.class);
  static final Duration REFRESH = Duration.ofSeconds(5);
  private static final List<EntityTypeKey<?>> ENTITY_TYPES =
      List.of(StateQueue.ENTITY_TYPE, Visit.ENTITY_TYPE, Caregiver.ENTITY_TYPE, PatientVisits.ENTITY_TYPE);

  private final ActorSystem<?> system;
  private final ProjectionLag lag;
  private final DataSource readModels;
  private final RequestMetrics requests;
  private final Executor blocking;
  private final Clock clock;
  private final Map<String, ProjectionLag.Lag> lastLag = new ConcurrentHashMap<>();
  private final Map<String, Long> waiting = new ConcurrentHashMap<>();

  NodeStatus(ActorSystem<?> system, DataSource primary, DataSource readModels, RequestMetrics requests, Executor blocking, Clock clock) {
    this.system = system;
    this.lag = new ProjectionLag(primary, ReadModelProjections.ids());
    this.readModels = readModels;
    this.requests = requests;
    this.blocking = blocking;
    this.clock = clock;
  }

  /** Registers the gauges and refreshes them on a timer. */
  void startGauges(MeterRegistry registry) {
    system.scheduler().scheduleWithFixedDelay(Duration.ZERO, REFRESH, () -> blocking.execute(() -> refresh(registry)), system.executionContext());
  }

  private void refresh(MeterRegistry registry) {
    try {
      for (ProjectionLag.Lag l : lag.all(clock.instant())) {
        String key = l.id().name() + "/" + l.id().key();
        if (lastLag.put(key, l) == null) {
          Gauge.builder("surgecare_projection_lag_events", lastLag, m -> m.get(key).events())
              .tags("projection", l.id().name(), "slice", l.id().key()).register(registry);
          Gauge.builder("surgecare_projection_lag_seconds", lastLag, m -> m.get(key).age().toMillis() / 1000.0)
              .tags("projection", l.id().name(), "slice", l.id().key()).register(registry);
        }
      }
      try (Connection c = readModels.getConnection();
          PreparedStatement q = c.prepareStatement(
              "SELECT tenant, state, waiting FROM queue_waiting");
          ResultSet rs = q.executeQuery()) {
        Map<String, Long> now = new ConcurrentHashMap<>();
        while (rs.next()) {
          now.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
        }
        waiting.keySet().forEach(key -> waiting.put(key, now.getOrDefault(key, 0L)));
        now.forEach((key, count) -> {
          if (waiting.put(key, count) == null) {
            String[] parts = key.split("/");
            Gauge.builder("surgecare_queue_waiting", waiting, m -> m.getOrDefault(key, 0L))
                .tags("tenant", parts[0], "state", parts[1]).register(registry);
          }
        });
      }
    } catch (SQLException | RuntimeException e) {
      log.warn("refreshing operator metrics failed: {}", e.toString());
    }
  }

  @Override
  public CompletionStage<OperatorStatus> get() {
    Cluster cluster = Cluster.get(system);
    ClusterEvent.CurrentClusterState state = cluster.state();
    List<OperatorStatus.Member> members = new ArrayList<>();
    for (Member m : state.getMembers()) {
      members.add(new OperatorStatus.Member(
          m.address().toString(), m.status().toString().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT),
          m.getRoles().stream().sorted().toList(), !state.getUnreachable().contains(m)));
    }
    List<CompletableFuture<OperatorStatus.Shards>> shards = ENTITY_TYPES.stream().map(this::shards).toList();
    CompletableFuture<List<OperatorStatus.Projection>> projections = CompletableFuture.supplyAsync(() -> {
      try {
        return lag.all(clock.instant()).stream()
            .map(l -> new OperatorStatus.Projection(l.id().name(), l.id().key(), l.offset(), l.events(), l.age().toMillis() / 1000.0))
            .toList();
      } catch (SQLException e) {
        throw new IllegalStateException("reading projection offsets failed", e);
      }
    }, blocking);
    return CompletableFuture.allOf(shards.toArray(CompletableFuture[]::new)).thenCombine(projections, (all, p) ->
        new OperatorStatus(
            clock.instant(), cluster.selfMember().address().toString(), members,
            shards.stream().map(CompletableFuture::join).toList(), p,
            new OperatorStatus.Requests(requests.total(), requests.perSecond())));
  }

  private CompletableFuture<OperatorStatus.Shards> shards(EntityTypeKey<?> type) {
    CompletionStage<ShardRegion.ClusterShardingStats> stats = AskPattern.ask(
        ClusterSharding.get(system).shardState(),
        replyTo -> new GetClusterShardingStats(type, Duration.ofSeconds(3), replyTo),
        Duration.ofSeconds(5),
        system.scheduler());
    return stats.thenApply(s -> new OperatorStatus.Shards(type.name(), s.getRegions().entrySet().stream()
            .map(e -> new OperatorStatus.Region(
                e.getKey().toString(), e.getValue().getStats().size(),
                e.getValue().getStats().values().stream().mapToLong(n -> ((Number) n).longValue()).sum()))
            .sorted(Comparator.comparing(OperatorStatus.Region::address))
            .toList()))
        .toCompletableFuture();
  }
}
