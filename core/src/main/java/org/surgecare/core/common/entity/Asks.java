package org.surgecare.core.common.entity;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;

/** Asks between entities, all with one timeout so that a stuck entity turns into a clear "unavailable". */
public final class Asks {
  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  private Asks() {}

  public static <C, R> CompletionStage<R> ask(
      RecipientRef<C> target, Function<ActorRef<R>, C> command, Scheduler scheduler) {
    return AskPattern.ask(target, command::apply, TIMEOUT, scheduler);
  }

  public static <C, R> CompletionStage<R> askWithStatus(
      RecipientRef<C> target, Function<ActorRef<StatusReply<R>>, C> command, Scheduler scheduler) {
    return AskPattern.askWithStatus(target, command::apply, TIMEOUT, scheduler);
  }

  /**
   * The same answer, with the stages added to it run by the thread that delivers it. An ask's stage runs each
   * {@code thenApply} as a task on the common pool (one thread hand-off per stage); for a few microseconds of
   * non-blocking work, such as turning the answer into a response, running it in place is cheaper.
   */
  public static <T> CompletionStage<T> inPlace(CompletionStage<T> answer) {
    CompletableFuture<T> delivered = new CompletableFuture<>();
    answer.whenCompleteAsync((value, failure) -> {
      if (failure != null) {
        delivered.completeExceptionally(failure);
      } else {
        delivered.complete(value);
      }
    }, Runnable::run);
    return delivered;
  }
}
