package org.surgecare.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.flywaydb.core.Flyway;
import org.surgecare.cluster.care.ShardedEntities;
import org.surgecare.core.care.dispatch.Dispatcher;
import org.surgecare.core.care.live.LatestQueues;
import org.surgecare.core.care.live.LiveEvent;
import org.surgecare.http.ApiContext;
import org.surgecare.http.ApiRoutes;
import org.surgecare.http.api.RequestMetrics;
import org.surgecare.http.auth.DevIssuer;
import org.surgecare.http.auth.TokenVerifier;
import org.surgecare.projections.audit.AuditLog;
import org.surgecare.projections.care.CaregiverRoster;
import org.surgecare.projections.care.DashboardQuery;
import org.surgecare.projections.care.QueueHistory;
import org.surgecare.projections.care.ReadModelConsistency;
import org.surgecare.projections.care.ReadModelProjections;

/**
 * One running node: database (embedded or external), schema migrations, the actor system in the cluster with
 * every entity sharded, the projections, the HTTP API, and the demo tenant when asked for.
 */
public final class Node implements AutoCloseable {
  /** The schema of the platform, then of each product. */
  private static final String[] MIGRATIONS = {"classpath:db/migration/common", "classpath:db/migration/care"};

  private final NodeSettings settings;
  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final String jdbcUrl;

  private Node(NodeSettings settings, String jdbcUrl, ActorSystem<Void> system, ServerBinding binding) {
    this.settings = settings;
    this.jdbcUrl = jdbcUrl;
    this.system = system;
    this.binding = binding;
  }

  public static Node start(NodeSettings settings) throws Exception {
    return start(settings, Clock.systemUTC());
  }

  /** A node whose entities, tokens and audit records read the given clock (tests move it across days). */
  public static Node start(NodeSettings settings, Clock clock) throws Exception {
    if (settings.devIssuer() && !settings.embeddedDatabase()) {
      throw new IllegalArgumentException("the development issuer is for the embedded demo run only; unset SURGECARE_DEV_ISSUER or SURGECARE_JDBC_URL");
    }
    if (!settings.devIssuer() && settings.oidc().isEmpty()) {
      throw new IllegalArgumentException("no token issuer: set SURGECARE_OIDC_ISSUER, _AUDIENCE and _JWKS_URL, or SURGECARE_DEV_ISSUER=on for the embedded demo run");
    }
    // What has started so far, closed in reverse if a later step fails, so a failed start leaves nothing running.
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      Optional<EmbeddedDatabase> embedded = settings.embeddedDatabase()
          ? Optional.of(EmbeddedDatabase.start(settings.dataDir().resolve("postgres"), settings.embeddedDbPort()))
          : Optional.empty();
      embedded.ifPresent(started::push);
      String jdbcUrl = embedded.map(EmbeddedDatabase::jdbcUrl).orElseGet(() -> settings.jdbcUrl().orElseThrow());
      String user = embedded.isPresent() ? "postgres" : settings.jdbcUser();
      String password = embedded.isPresent() ? "" : settings.jdbcPassword();

      HikariDataSource dataSource = dataSource(jdbcUrl, user, password, "surgecare-primary");
      started.push(dataSource);
      // One folder of migrations per product, each with its own range of versions (db/migration/README.md). Out of
      // order, so a database that already has a later version still gets an earlier one it has not run.
      Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).outOfOrder(true).load().migrate();

      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "surgecare", config(settings, jdbcUrl, user, password));
      started.push(() -> {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      });
      Cluster cluster = Cluster.get(system);
      if (settings.seedNodes().isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      LiveTopics live = new LiveTopics(system, settings.tenants());
      ShardedEntities entities = ShardedEntities.init(system, clock, live);
      // Patient reads come from the latest state each queue published, on every node.
      LatestQueues latestQueues = new LatestQueues(
          entities, system.scheduler(), clock, system.settings().config().getDuration("surgecare.care.latest-queue-max-age"));
      ActorRef<LiveEvent> latestQueuesFeed = system.systemActorOf(latestQueues.subscriber(), "latest-queues", Props.empty());
      settings.tenants().forEach(tenant -> live.subscribe(tenant, latestQueuesFeed));
      ReadModelProjections.start(system, dataSource);
      // Read-model queries may go to a replica; consistency tokens keep its lag from showing.
      HikariDataSource readModels = settings.readJdbcUrl().isPresent()
          ? dataSource(settings.readJdbcUrl().get(), user, password, "surgecare-read-replica")
          : dataSource;
      if (readModels != dataSource) {
        started.push(readModels);
      }

      Optional<DevIssuer> devIssuer = settings.devIssuer() ? Optional.of(new DevIssuer(clock)) : Optional.empty();
      TokenVerifier verifier = devIssuer.map(DevIssuer::verifier).orElseGet(() -> productionVerifier(settings.oidc().orElseThrow(), clock));
      ExecutorService blockingReads = Executors.newFixedThreadPool(system.settings().config().getInt("surgecare.http.blocking-reads"));
      started.push(blockingReads::shutdownNow);
      // Only schedules the next read-your-writes check; the check itself runs on the blocking-reads pool.
      ScheduledExecutorService consistencyTimer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "read-consistency-timer");
        thread.setDaemon(true);
        return thread;
      });
      started.push(consistencyTimer::shutdownNow);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmGcMetrics().bindTo(registry);
      new ProcessorMetrics().bindTo(registry);
      dataSource.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
      RequestMetrics requestMetrics = new RequestMetrics(registry, clock);
      NodeStatus status = new NodeStatus(system, dataSource, readModels, requestMetrics, blockingReads, clock);
      status.startGauges(registry);
      Config auditConfig = system.settings().config().getConfig("surgecare.audit");
      AuditLog audit = new AuditLog(dataSource, auditConfig.getDuration("linger"), auditConfig.getInt("max-batch"));
      started.push(audit);
      AtomicBoolean bound = new AtomicBoolean(false);
      AtomicInteger port = new AtomicInteger(settings.httpPort());
      ApiContext api = new ApiContext(
          entities,
          new Dispatcher(entities, system.scheduler(), clock),
          system.scheduler(),
          clock,
          verifier,
          devIssuer,
          settings.tenants(),
          new CaregiverRoster(readModels),
          new DashboardQuery(readModels),
          new QueueHistory(readModels),
          new ReadModelConsistency(readModels, clock, consistencyTimer, blockingReads),
          live,
          latestQueues,
          origin -> settings.allowedOrigins().contains(origin)
              || origin.equals("http://127.0.0.1:" + port.get())
              || origin.equals("http://localhost:" + port.get()),
          audit,
          blockingReads,
          requestMetrics,
          status,
          () -> bound.get() && cluster.selfMember().status() == MemberStatus.up());
      ServerBinding binding = Http.get(system)
          .newServerAt(settings.httpHost(), settings.httpPort())
          .bind(new ApiRoutes(api, system).route())
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      port.set(binding.localAddress().getPort());
      bound.set(true);
      Node node = new Node(settings, jdbcUrl, system, binding);
      if (settings.demo() && settings.tenants().contains(NodeSettings.DEMO_TENANT)) {
        new DemoTenant(entities, system.scheduler(), clock).seed(NodeSettings.DEMO_TENANT).toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
      // From here on the actor system's coordinated shutdown stops everything, whoever starts it (SIGTERM, downing,
      // close()); until here a failed start closes what it started itself.
      NodeShutdown.register(system, binding, List.of(consistencyTimer::shutdownNow, blockingReads::shutdownNow, audit),
          readModels == dataSource ? List.of(dataSource) : List.of(readModels, dataSource), embedded);
      return node;
    } catch (Exception | Error failure) {
      while (!started.isEmpty()) {
        try {
          started.pop().close();
        } catch (Exception e) {
          failure.addSuppressed(e);
        }
      }
      throw failure;
    }
  }

  private static HikariDataSource dataSource(String jdbcUrl, String user, String password, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(16);
    config.setPoolName(name);
    return new HikariDataSource(config);
  }

  private static TokenVerifier productionVerifier(NodeSettings.Oidc oidc, Clock clock) {
    try {
      return TokenVerifier.forIssuer(URI.create(oidc.jwksUrl()).toURL(), oidc.issuer(), oidc.audience(), clock);
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("SURGECARE_OIDC_JWKS_URL is not a URL: " + oidc.jwksUrl(), e);
    }
  }

  static Config config(NodeSettings settings, String jdbcUrl, String user, String password) {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("pekko.remote.artery.canonical.hostname", settings.remoteHost());
    overrides.put("pekko.remote.artery.canonical.port", settings.remotePort());
    List<String> seeds = settings.seedNodes().stream()
        .map(seed -> seed.startsWith("pekko://") ? seed : "pekko://surgecare@" + seed)
        .toList();
    overrides.put("pekko.cluster.seed-nodes", seeds);
    overrides.put("pekko.coordinated-shutdown.exit-jvm", settings.exitJvmWhenDowned() ? "on" : "off");
    String db = "pekko-persistence-jdbc.shared-databases.surgecare.db.";
    overrides.put(db + "url", jdbcUrl);
    overrides.put(db + "user", user);
    overrides.put(db + "password", password);
    return ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load());
  }

  public int httpPort() {
    return binding.localAddress().getPort();
  }

  public String baseUrl() {
    return "http://" + settings.httpHost() + ":" + httpPort();
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public NodeSettings settings() {
    return settings;
  }

  /** Runs the coordinated shutdown ({@link NodeShutdown}: leaves the cluster, stops serving, the database last) and waits for it. */
  @Override
  public void close() throws Exception {
    CoordinatedShutdown.get(system).runAll(NodeShutdown.NODE_CLOSED).toCompletableFuture().get(90, TimeUnit.SECONDS);
  }
}
