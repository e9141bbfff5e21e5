package org.surgecare.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's resources stopped by Pekko's coordinated shutdown, so that SIGTERM (its JVM hook), a downed node and
 * {@link Node#close()} stop them alike and in order: the HTTP port is unbound first (no new connections), requests
 * in flight finish, the cluster is left and the shards hand over, then the pools and the audit log stop, and the
 * databases close only once the actor system (journal, projections) has terminated, the embedded one last.
 */
final class NodeShutdown {
  private static final Logger log = LoggerFactory.getLogger(NodeShutdown.class);

  /** Requests in flight get this long; below the service-requests-done phase's default timeout of 5 s. */
  static final Duration REQUESTS_DONE = Duration.ofSeconds(4);

  /** Why a node was closed by its owner (a test or an embedding program) rather than by a signal or downing. */
  static final CoordinatedShutdown.Reason NODE_CLOSED = new CoordinatedShutdown.Reason() {
    @Override
    public String toString() {
      return "NodeClosed";
    }
  };

  private NodeShutdown() {}

  /**
   * @param workers stopped in this order once the cluster is left: nothing after them needs them
   * @param databases closed in this order after the actor system terminated
   * @param embedded stopped after the data sources
   */
  static void register(ActorSystem<Void> system, ServerBinding binding, List<AutoCloseable> workers,
      List<AutoCloseable> databases, Optional<EmbeddedDatabase> embedded) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "http-unbind", () -> binding.unbind());
    shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "http-requests-done",
        () -> binding.terminate(REQUESTS_DONE).thenApply(terminated -> Done.getInstance()));
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "stop-workers",
        () -> closeOffThread("surgecare-stop-workers", workers));
    // Registered in the last phase, whose own task terminates the system: this one waits for that, then closes.
    shutdown.addTask(CoordinatedShutdown.PhaseActorSystemTerminate(), "close-databases",
        () -> system.getWhenTerminated().thenCompose(terminated -> {
          List<AutoCloseable> all = new ArrayList<>(databases);
          embedded.ifPresent(all::add);
          return closeOffThread("surgecare-close-databases", all);
        }));
  }

  /** Closes in order on a thread of its own: closing blocks (flushes, a server stopping), tasks run on the dispatcher. */
  private static CompletionStage<Done> closeOffThread(String name, List<AutoCloseable> resources) {
    CompletableFuture<Done> done = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      for (AutoCloseable resource : resources) {
        try {
          resource.close();
        } catch (Exception e) {
          // The next ones still close: a pool that failed to stop must not keep the database running.
          log.warn("{} did not close cleanly", resource, e);
        }
      }
      done.complete(Done.getInstance());
    }, name);
    thread.start();
    return done;
  }
}
