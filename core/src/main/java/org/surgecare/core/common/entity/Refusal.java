package org.surgecare.core.common.entity;

import java.util.Optional;
import org.apache.pekko.pattern.StatusReply;

/**
 * A command an entity turned down, carried in a {@link StatusReply} error as "kind: message" so that it crosses
 * nodes as plain text and the HTTP layer can map the kind to a stable problem type.
 */
public record Refusal(Kind kind, String message) {

  public enum Kind {
    NOT_FOUND("not-found"),
    /** The thing exists but is not the caller's to know of; the message is what NOT_FOUND would say, word for word. */
    HIDDEN("hidden"),
    CONFLICT("conflict"),
    FORBIDDEN("forbidden"),
    NOT_LICENSED("not-licensed"),
    INVALID("invalid"),
    UNAVAILABLE("unavailable");

    private final String slug;

    Kind(String slug) {
      this.slug = slug;
    }

    public String slug() {
      return slug;
    }
  }

  public static <T> StatusReply<T> reply(Kind kind, String message) {
    return StatusReply.error(kind.slug() + ": " + message);
  }

  /** The same refusal as a failure, for flows that answer with futures rather than replies. */
  public static RuntimeException failure(Kind kind, String message) {
    return new StatusReply.ErrorMessage(kind.slug() + ": " + message);
  }

  /** Reads a refusal back from a failed ask; empty when the failure was something else (a timeout, say). */
  public static Optional<Refusal> of(Throwable failure) {
    Throwable cause = failure;
    while (cause != null && !(cause instanceof StatusReply.ErrorMessage)) {
      cause = cause.getCause();
    }
    if (cause == null) {
      return Optional.empty();
    }
    String text = cause.getMessage();
    for (Kind kind : Kind.values()) {
      String prefix = kind.slug() + ": ";
      if (text.startsWith(prefix)) {
        return Optional.of(new Refusal(kind, text.substring(prefix.length())));
      }
    }
    return Optional.empty();
  }
}
