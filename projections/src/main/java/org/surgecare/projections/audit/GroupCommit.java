package org.surgecare.projections.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes items in batches on one dedicated thread, so that many concurrent writers share one database round
 * trip: an item waits at most {@code linger} for others to join it (fewer than {@code maxBatch}), the batch is
 * written in one transaction, and each item's future completes once its batch committed. A batch that fails is
 * written again item by item, so one bad item fails only itself.
 */
public final class GroupCommit<T> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  /** Writes a batch in one transaction, or throws and writes nothing. */
  @FunctionalInterface
  public interface BatchWriter<T> {
    void write(List<T> batch) throws Exception;
  }

  private record Pending<T>(T item, CompletableFuture<Done> done) {}

  private final String name;
  private final BatchWriter<T> writer;
  private final long lingerNanos;
  private final int maxBatch;
  private final BlockingQueue<Pending<T>> queue;
  private final ExecutorService thread;
  private volatile boolean closed;

  public GroupCommit(String name, BatchWriter<T> writer, Duration linger, int maxBatch, int maxWaiting) {
    this.name = name;
    this.writer = writer;
    this.lingerNanos = linger.toNanos();
    this.maxBatch = maxBatch;
    this.queue = new LinkedBlockingQueue<>(maxWaiting);
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    thread.execute(this::run);
  }

  /** Completes when the item is committed; fails when writing failed, the writer is closed, or too many wait. */
  public CompletionStage<Done> submit(T item) {
    CompletableFuture<Done> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException(name + " is closed"));
    } else if (!queue.offer(new Pending<>(item, done))) {
      done.completeExceptionally(new IllegalStateException(name + " is overloaded"));
    }
    return done;
  }

  private void run() {
    while (!closed || !queue.isEmpty()) {
      try {
        Pending<T> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          write(collectAfter(first));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The first item and whatever joins it within the linger time, up to a full batch. */
  private List<Pending<T>> collectAfter(Pending<T> first) throws InterruptedException {
    List<Pending<T>> batch = new ArrayList<>();
    batch.add(first);
    long deadline = System.nanoTime() + lingerNanos;
    while (batch.size() < maxBatch) {
      long left = deadline - System.nanoTime();
      Pending<T> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
      if (next == null) {
        break;
      }
      batch.add(next);
    }
    return batch;
  }

  private void write(List<Pending<T>> batch) {
    try {
      writer.write(batch.stream().map(Pending::item).toList());
      batch.forEach(p -> p.done().complete(Done.getInstance()));
    } catch (Exception failure) {
      if (batch.size() == 1) {
        log.error("{} could not write", name, failure);
        batch.get(0).done().completeExceptionally(failure);
      } else {
        batch.forEach(p -> write(List.of(p)));
      }
    }
  }

  /** Writes what is waiting (for a few seconds at most), then stops; anything still waiting fails. */
  @Override
  public void close() {
    closed = true;
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Pending<T> left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(new IllegalStateException(name + " is closed"));
    }
  }
}
