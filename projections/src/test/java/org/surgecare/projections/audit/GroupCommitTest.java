package org.surgecare.projections.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
  private final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
  private GroupCommit<Integer> commit;

  @AfterEach
  void close() {
    commit.close();
  }

  /** A writer that takes a few milliseconds per batch, like a database round trip, and refuses negative items. */
  private GroupCommit<Integer> start(Duration linger) {
    commit = new GroupCommit<>("test-writer", batch -> {
      if (batch.stream().anyMatch(i -> i < 0)) {
        throw new IllegalArgumentException("negative");
      }
      Thread.sleep(5);
      batches.add(batch);
    }, linger, 50, 1_000);
    return commit;
  }

  private static void await(CompletableFuture<?> future) {
    future.orTimeout(10, TimeUnit.SECONDS).join();
  }

  @Test
  void concurrentItemsShareBatchesAndEachIsWrittenOnce() {
    start(Duration.ofMillis(2));

    List<CompletableFuture<Done>> done = IntStream.range(0, 500).parallel()
        .mapToObj(i -> commit.submit(i).toCompletableFuture())
        .toList();
    await(CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)));

    List<Integer> written = batches.stream().flatMap(List::stream).sorted().toList();
    assertThat(written).isEqualTo(IntStream.range(0, 500).boxed().toList());
    assertThat(batches.size()).isLessThan(100);
    assertThat(batches).allSatisfy(batch -> assertThat(batch.size()).isLessThanOrEqualTo(50));
  }

  @Test
  void aLoneItemWaitsNoLongerThanTheLinger() {
    start(Duration.ofMillis(2));
    long started = System.nanoTime();

    await(commit.submit(7).toCompletableFuture());

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
    assertThat(batches).containsExactly(List.of(7));
  }

  @Test
  void aBadItemFailsOnlyItself() {
    // A long linger puts all three in one batch, which fails and is written again item by item.
    start(Duration.ofMillis(200));

    CompletableFuture<?> good = commit.submit(1).toCompletableFuture();
    CompletableFuture<?> bad = commit.submit(-1).toCompletableFuture();
    CompletableFuture<?> alsoGood = commit.submit(2).toCompletableFuture();
    await(CompletableFuture.allOf(good, alsoGood));

    assertThat(bad).failsWithin(Duration.ofSeconds(10));
    assertThat(batches).containsExactly(List.of(1), List.of(2));
  }

  @Test
  void closingWritesWhatWaitsAndRefusesMore() {
    start(Duration.ofMillis(100));
    CompletableFuture<?> waiting = commit.submit(1).toCompletableFuture();

    commit.close();

    assertThat(waiting).isCompleted();
    assertThat(batches).containsExactly(List.of(1));
    CompletableFuture<?> late = commit.submit(2).toCompletableFuture();
    assertThat(late).isCompletedExceptionally();
    assertThat(catchThrowable(late::join)).isInstanceOf(CompletionException.class);
  }
}
