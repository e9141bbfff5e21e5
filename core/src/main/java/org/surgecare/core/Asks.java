package org.surgecare.core;

import java.time.Duration;
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
}
