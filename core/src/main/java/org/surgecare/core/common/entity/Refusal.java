package org.surgecare.core.common.entity;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.pattern.StatusReply;
import org.surgecare.core.common.JsonSerializable;

/**
 * The one way an entity turns a command down: {@code StatusReply.error(refusal)}, and a failed future carrying
 * it for flows that answer with futures (the dispatcher, the HTTP routes). A success always means the command
 * did what it asked; every "no" is a refusal, whatever its kind, and the reply types carry only successes.
 *
 * <p>A refusal is typed: its {@link Kind} decides the HTTP problem, and the fields an answer needs (the visit
 * that already exists, when to retry) travel with it. It crosses nodes as JSON: Pekko serializes a
 * {@code StatusReply} error through the serializer bound to its throwable, here Jackson. It has no stack trace
 * (it is an answer, not a fault) and no cause.
 */
@JsonAutoDetect(
    fieldVisibility = JsonAutoDetect.Visibility.NONE,
    getterVisibility = JsonAutoDetect.Visibility.NONE,
    isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonIgnoreProperties(ignoreUnknown = true)
public final class Refusal extends RuntimeException implements JsonSerializable {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    NOT_FOUND,
    /** The thing exists but is not the caller's to know of; the message is what NOT_FOUND would say, word for word. */
    HIDDEN,
    CONFLICT,
    FORBIDDEN,
    NOT_LICENSED,
    INVALID,
    UNAVAILABLE,
    /** The patient already has a visit in progress or waiting: {@link #visitId()}. */
    ACTIVE_VISIT_EXISTS,
    /** The idempotency key was used before for a different request, that of {@link #visitId()}. */
    IDEMPOTENCY_KEY_REUSED,
    /** The caller asks too often; nothing was recorded, and a retry after {@link #retryAfter()} fits. */
    RATE_LIMITED
  }

  @JsonProperty("kind")
  private final Kind kind;
  @JsonProperty("detail")
  private final String detail;
  @JsonProperty("visitId")
  private final String visitId;
  @JsonProperty("retryAfter")
  private final Duration retryAfter;

  @JsonCreator
  Refusal(
      @JsonProperty("kind") Kind kind,
      @JsonProperty("detail") String detail,
      @JsonProperty("visitId") String visitId,
      @JsonProperty("retryAfter") Duration retryAfter) {
    super(detail, null, false, false);
    this.kind = Objects.requireNonNull(kind);
    this.detail = Objects.requireNonNull(detail);
    this.visitId = visitId;
    this.retryAfter = retryAfter;
  }

  public Refusal(Kind kind, String detail) {
    this(kind, detail, null, null);
  }

  public static Refusal activeVisitExists(String visitId) {
    return new Refusal(Kind.ACTIVE_VISIT_EXISTS, "finish or cancel visit " + visitId + " first", visitId, null);
  }

  public static Refusal keyReused(String visitId) {
    return new Refusal(
        Kind.IDEMPOTENCY_KEY_REUSED, "this key was used for a different request (visit " + visitId + ")", visitId, null);
  }

  public static Refusal rateLimited(String detail, Duration retryAfter) {
    return new Refusal(Kind.RATE_LIMITED, detail, null, Objects.requireNonNull(retryAfter));
  }

  /** The refusal as an entity's reply. */
  public static <T> StatusReply<T> reply(Kind kind, String detail) {
    return new Refusal(kind, detail).reply();
  }

  public <T> StatusReply<T> reply() {
    return StatusReply.error(this);
  }

  /** The refusal an ask failed with, looked for by type along the causes; empty for anything else (a timeout, say). */
  public static Optional<Refusal> in(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof Refusal refusal) {
        return Optional.of(refusal);
      }
    }
    return Optional.empty();
  }

  public Kind kind() {
    return kind;
  }

  /** What the caller is told: the problem's detail. */
  public String message() {
    return detail;
  }

  public Optional<String> visitId() {
    return Optional.ofNullable(visitId);
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Refusal r
        && kind == r.kind
        && detail.equals(r.detail)
        && Objects.equals(visitId, r.visitId)
        && Objects.equals(retryAfter, r.retryAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, detail, visitId, retryAfter);
  }

  @Override
  public String toString() {
    return "Refusal[" + kind + ": " + detail + visitId().map(v -> ", visit " + v).orElse("")
        + retryAfter().map(d -> ", retry after " + d).orElse("") + "]";
  }
}
