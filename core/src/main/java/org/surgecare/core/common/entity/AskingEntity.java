package org.surgecare.core.common.entity;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * An entity whose commands may ask another entity before persisting. One ask is out at a time: commands that
 * arrive meanwhile wait in the stash, so every command sees the state the previous one left. The answer comes
 * back as the entity's own (never serialized) resume command, and the continuation decides what to persist.
 */
public abstract class AskingEntity<C, E, S> extends EventSourcedBehaviorWithEnforcedReplies<C, E, S> {

  /** What to do with an ask's answer (or its failure), given the state when it arrives. */
  @FunctionalInterface
  protected interface Continuation<E, S, T> {
    ReplyEffect<E, S> apply(S state, T result, Throwable failure);
  }

  /** An answer bound to its continuation, carried by the entity's resume command. */
  @FunctionalInterface
  public interface Resumption<E, S> {
    ReplyEffect<E, S> apply(S state);
  }

  protected final ActorContext<C> context;
  private final Function<Resumption<E, S>, C> wrap;
  private final Function<C, Optional<Resumption<E, S>>> unwrap;
  private boolean asking;

  protected AskingEntity(
      PersistenceId persistenceId,
      ActorContext<C> context,
      Function<Resumption<E, S>, C> wrap,
      Function<C, Optional<Resumption<E, S>>> unwrap) {
    super(persistenceId);
    this.context = context;
    this.wrap = wrap;
    this.unwrap = unwrap;
  }

  /** Handles a command while no ask is out. */
  protected abstract ReplyEffect<E, S> handle(S state, C command);

  @Override
  public final CommandHandlerWithReply<C, E, S> commandHandler() {
    return (state, command) -> {
      Optional<Resumption<E, S>> resumption = unwrap.apply(command);
      if (resumption.isPresent()) {
        asking = false;
        return resumption.get().apply(state);
      }
      return asking ? Effect().stash() : handle(state, command);
    };
  }

  /** Asks, and replies later from the continuation. */
  protected <T> ReplyEffect<E, S> ask(CompletionStage<T> reply, Continuation<E, S, T> then) {
    pipe(reply, then);
    return Effect().noReply();
  }

  /** Starts an ask from a side effect (after a persist); the continuation replies. */
  protected <T> void pipe(CompletionStage<T> reply, Continuation<E, S, T> then) {
    asking = true;
    context.pipeToSelf(reply, (result, failure) -> wrap.apply(state -> then.apply(state, result, failure)));
  }
}
