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
 *
 * <p>Subclasses give their command handler as built by Pekko's builder ({@link #handler()}); this class wraps
 * it, and unstashes by itself once a continuation's effect is done and no new ask went out.
 */
public abstract class AskingEntity<C, E, S> extends EventSourcedBehaviorWithEnforcedReplies<C, E, S> {

  /** What to do with an ask's answer (or its failure), given the state when it arrives. */
  @FunctionalInterface
  public interface Continuation<E, S, T> {
    ReplyEffect<E, S> apply(S state, T result, Throwable failure);
  }

  /** An answer bound to its continuation, carried by the entity's resume command. */
  @FunctionalInterface
  public interface Resumption<E, S> {
    ReplyEffect<E, S> apply(S state);
  }

  private enum Phase {
    IDLE,
    ASKING,
    /** An answer was handled; commands still wait until its effect (a persist, maybe a new ask) is done. */
    RESUMED
  }

  protected final ActorContext<C> context;
  private final Function<Resumption<E, S>, C> wrap;
  private final Function<C, Optional<Resumption<E, S>>> unwrap;
  /** Sent to itself after an answer: it arrives only once the continuation's persist and side effects ran. */
  private final Resumption<E, S> unstash = state -> Effect().noReply().thenUnstashAll();
  private CommandHandlerWithReply<C, E, S> handler;
  private Phase phase = Phase.IDLE;

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

  /** The commands' handler while no ask is out, built with {@code newCommandHandlerWithReplyBuilder()}. */
  protected abstract CommandHandlerWithReply<C, E, S> handler();

  @Override
  public final CommandHandlerWithReply<C, E, S> commandHandler() {
    if (handler == null) {
      handler = handler();
    }
    return (state, command) -> {
      Optional<Resumption<E, S>> resumption = unwrap.apply(command);
      if (resumption.isPresent() && resumption.get() == unstash) {
        if (phase == Phase.ASKING) {
          // The continuation asked again; that answer will unstash.
          return Effect().noReply();
        }
        phase = Phase.IDLE;
        return unstash.apply(state);
      }
      if (resumption.isPresent()) {
        phase = Phase.RESUMED;
        context.getSelf().tell(wrap.apply(unstash));
        return resumption.get().apply(state);
      }
      return phase == Phase.IDLE ? handler.apply(state, command) : Effect().stash();
    };
  }

  /** Asks, and replies later from the continuation. */
  protected <T> ReplyEffect<E, S> ask(CompletionStage<T> reply, Continuation<E, S, T> then) {
    pipe(reply, then);
    return Effect().noReply();
  }

  /** Starts an ask from a side effect (after a persist); the continuation replies. */
  protected <T> void pipe(CompletionStage<T> reply, Continuation<E, S, T> then) {
    phase = Phase.ASKING;
    context.pipeToSelf(reply, (result, failure) -> wrap.apply(state -> then.apply(state, result, failure)));
  }
}
