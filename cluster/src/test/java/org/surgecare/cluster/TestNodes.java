package org.surgecare.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Starts real nodes for tests: embedded PostgreSQL in a fresh directory, any free ports, the development issuer. */
public final class TestNodes {
  public static final String TENANT = "acme";

  private TestNodes() {}

  public static NodeSettings settings(Path dataDir) {
    return new NodeSettings(
        "127.0.0.1", 0, "127.0.0.1", 0, List.of(), dataDir, 0, Optional.empty(), "postgres", "", Optional.empty(),
        List.of("http://pages.example.org"), true, Optional.empty(),
        Set.of(NodeSettings.DEMO_TENANT, TENANT, "other"), true, false);
  }

  public static Path newDataDir() throws IOException {
    return Files.createTempDirectory("surgecare-test-");
  }

  public static void delete(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
