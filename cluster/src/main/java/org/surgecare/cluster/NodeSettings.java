package org.surgecare.cluster;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a node listens, which database it uses, how it finds the cluster, and who may sign tokens. Read from
 * environment variables (documented in the README); tests build it directly. A node started from the command line
 * exits its JVM when the cluster downs it, so that its supervisor starts a fresh one.
 */
public record NodeSettings(
    String httpHost,
    int httpPort,
    String remoteHost,
    int remotePort,
    List<String> seedNodes,
    Path dataDir,
    int embeddedDbPort,
    Optional<String> jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    Optional<String> readJdbcUrl,
    List<String> allowedOrigins,
    boolean devIssuer,
    Optional<Oidc> oidc,
    Set<String> tenants,
    boolean demo,
    boolean exitJvmWhenDowned) {

  /** A production token issuer: its id, the audience it issues this API's tokens for, and its key set URL. */
  public record Oidc(String issuer, String audience, String jwksUrl) {}

  public static final String DEMO_TENANT = "demo";

  public NodeSettings {
    seedNodes = List.copyOf(seedNodes);
    allowedOrigins = List.copyOf(allowedOrigins);
    tenants = Set.copyOf(tenants);
  }

  public boolean embeddedDatabase() {
    return jdbcUrl.isEmpty();
  }

  public static NodeSettings fromEnvironment(Map<String, String> env) {
    Optional<String> jdbcUrl = value(env, "SURGECARE_JDBC_URL");
    boolean embedded = jdbcUrl.isEmpty();
    Optional<Oidc> oidc = value(env, "SURGECARE_OIDC_ISSUER").map(issuer -> new Oidc(
        issuer,
        value(env, "SURGECARE_OIDC_AUDIENCE").orElseThrow(() -> new IllegalArgumentException("SURGECARE_OIDC_AUDIENCE is required with SURGECARE_OIDC_ISSUER")),
        value(env, "SURGECARE_OIDC_JWKS_URL").orElseThrow(() -> new IllegalArgumentException("SURGECARE_OIDC_JWKS_URL is required with SURGECARE_OIDC_ISSUER"))));
    boolean devIssuer = flag(env, "SURGECARE_DEV_ISSUER", false);
    boolean demo = flag(env, "SURGECARE_DEMO", embedded);
    Set<String> tenants = value(env, "SURGECARE_TENANTS")
        .map(list -> Set.copyOf(list(list)))
        .orElse(Set.of(DEMO_TENANT));
    return new NodeSettings(
        value(env, "SURGECARE_HTTP_HOST").orElse("127.0.0.1"),
        Integer.parseInt(value(env, "SURGECARE_HTTP_PORT").orElse("8080")),
        value(env, "SURGECARE_REMOTE_HOST").orElse("127.0.0.1"),
        Integer.parseInt(value(env, "SURGECARE_REMOTE_PORT").orElse("2551")),
        value(env, "SURGECARE_SEED_NODES").map(NodeSettings::list).orElse(List.of()),
        Path.of(value(env, "SURGECARE_DATA_DIR").orElse("data")).toAbsolutePath(),
        Integer.parseInt(value(env, "SURGECARE_DB_PORT").orElse("0")),
        jdbcUrl,
        value(env, "SURGECARE_JDBC_USER").orElse("postgres"),
        value(env, "SURGECARE_JDBC_PASSWORD").orElse(""),
        value(env, "SURGECARE_READ_JDBC_URL"),
        value(env, "SURGECARE_ALLOWED_ORIGINS").map(NodeSettings::list).orElse(List.of()),
        devIssuer,
        oidc,
        tenants,
        demo,
        true);
  }

  private static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static boolean flag(Map<String, String> env, String name, boolean fallback) {
    return value(env, name)
        .map(v -> Set.of("1", "true", "on", "yes").contains(v.toLowerCase(Locale.ROOT)))
        .orElse(fallback);
  }
}
