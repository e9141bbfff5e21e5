package org.surgecare.cluster;

import java.util.Locale;

/** Starts one node from environment variables and prints where to reach it. */
public final class Main {
  static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private Main() {}

  public static void main(String[] args) throws Exception {
    // On 2 cores the common pool gets one thread, and CompletableFuture then starts a new thread for every async
    // step (about four per intake). Four threads halve the node's CPU per request; set before the pool exists.
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      System.setProperty(COMMON_POOL_PARALLELISM, "4");
    }
    NodeSettings settings = NodeSettings.fromEnvironment(System.getenv());
    Node node;
    try {
      node = Node.start(settings);
    } catch (Exception e) {
      System.err.println("surgecare node did not start: " + e);
      e.printStackTrace();
      System.exit(1);
      return;
    }
    // No shutdown hook of our own: Pekko's coordinated shutdown runs on SIGTERM (its JVM hook) and stops the
    // node's resources in its phases (NodeShutdown).
    String base = node.baseUrl();
    StringBuilder out = new StringBuilder();
    out.append("\nsurgecare node is up\n");
    out.append("  web pages      ").append(base).append("/ (caregivers)  ").append(base).append("/patient  ").append(base).append("/operator\n");
    out.append("  API            ").append(base).append("/api/v1/tenants/{tenant}/...\n");
    out.append("  OpenAPI        ").append(base).append("/api/openapi.yaml\n");
    out.append("  health         ").append(base).append("/health/alive  ").append(base).append("/health/ready\n");
    out.append("  availability   ").append(base).append("/api/v1/tenants/demo/queues/WA/availability\n");
    out.append("  database       ").append(node.jdbcUrl()).append(settings.embeddedDatabase() ? "  (embedded, data in " + settings.dataDir() + ")" : "").append('\n');
    out.append("  cluster        ").append(settings.remoteHost()).append(':').append(settings.remotePort())
        .append(settings.seedNodes().isEmpty() ? " (joined itself)" : " seeds " + settings.seedNodes()).append('\n');
    if (settings.devIssuer()) {
      out.append("  demo login     ").append(base).append("/login\n");
      out.append("  dev tokens     POST ").append(base).append("/dev/token {\"subject\",\"role\",\"tenant\"}\n");
      out.append("  demo personas  (tenant demo)\n");
      for (DemoTenant.Persona p : DemoTenant.PERSONAS) {
        out.append(String.format(Locale.ROOT, "    %-14s %-9s %s%n", p.subject(), p.role().slug(), p.description()));
      }
    }
    System.out.println(out);
  }
}
