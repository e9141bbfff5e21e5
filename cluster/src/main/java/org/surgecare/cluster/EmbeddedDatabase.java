package org.surgecare.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL started in-process from the embedded binaries, with its data kept in a directory across runs and
 * durable commits (fsync and synchronous commit on). A server left running by a node that was killed is stopped
 * before starting again, so the same command always brings the node back with every acknowledged record.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final String LOCK_FILE = "epg-lock";

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    Files.createDirectories(dataDir);
    stopLeftoverServer(dataDir);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setServerConfig("max_connections", "200")
        .setServerConfig("shared_buffers", "256MB")
        .setServerConfig("listen_addresses", "127.0.0.1");
    if (port > 0) {
      builder.setPort(port);
    }
    return new EmbeddedDatabase(builder.start());
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public int port() {
    return postgres.getPort();
  }

  /**
   * A node killed with SIGKILL leaves its PostgreSQL running (it runs as its own process) and the data directory
   * still claimed. If no live node holds the directory's lock, that server is ours to stop.
   */
  static void stopLeftoverServer(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    Path lockFile = dataDir.resolve(LOCK_FILE);
    try (RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw");
        FileLock lock = tryLock(file)) {
      if (lock == null) {
        throw new IllegalStateException("another running node uses the data directory " + dataDir);
      }
      List<String> lines = Files.readAllLines(pidFile);
      Optional<ProcessHandle> server = lines.isEmpty()
          ? Optional.empty()
          : ProcessHandle.of(Long.parseLong(lines.get(0).strip())).filter(ProcessHandle::isAlive)
              .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
      if (server.isPresent()) {
        log.warn("stopping PostgreSQL (pid {}) left running by a node that did not shut down", server.get().pid());
        server.get().destroy();
        try {
          server.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception slow) {
          server.get().destroyForcibly();
          server.get().onExit().join();
        }
      }
      Files.deleteIfExists(pidFile);
    }
  }

  private static FileLock tryLock(RandomAccessFile file) throws IOException {
    try {
      return file.getChannel().tryLock();
    } catch (OverlappingFileLockException heldHere) {
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
