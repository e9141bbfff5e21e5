package org.surgecare.http.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens that passed every check, by the SHA-256 of their text (the token itself is not kept), so that a caller
 * polling with the same token is not verified again on every request. An entry holds only within the window its
 * verification proved ({@code validFrom} to {@code validUntil}, which the verifier sets no later than the token's
 * expiry or the fetched key set's lifetime) and only while the issuer's keys are those it was verified with
 * ({@code keys}, a generation number). At most {@code capacity} entries (Caffeine's size bound; an entry it
 * evicts only costs its caller a verification).
 *
 * <p>Each entry expires at its own {@code validUntil} (Caffeine's per-entry {@link Expiry}). The cache's ticker is
 * the latest time a caller passed in, not the JVM's nano clock, so expiry follows the same clock the verifier
 * checked the token against (and tests can move it).
 */
final class VerifiedTokens {
  private record Digest(long a, long b, long c, long d) {}

  private record Entry(Principal principal, Instant validFrom, Instant validUntil, long keys) {
    boolean holds(Instant now, long currentKeys) {
      return keys == currentKeys && !now.isBefore(validFrom) && now.isBefore(validUntil);
    }
  }

  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  });

  /** Nanoseconds since the epoch of the latest {@code now} seen: only moves forward, as a ticker must. */
  private final AtomicLong ticks = new AtomicLong(Long.MIN_VALUE);
  private final Cache<Digest, Entry> entries;

  VerifiedTokens(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.entries = Caffeine.newBuilder()
        .maximumSize(capacity)
        .expireAfter(new UntilWindowEnds())
        .ticker(ticks::get)
        // Maintenance (expiry, eviction) on the caller's thread: cheap for this size, and the bound holds at once.
        .executor(Runnable::run)
        .build();
  }

  Optional<Principal> get(String token, Instant now, long keys) {
    advanceTo(now);
    Digest digest = digest(token);
    Entry entry = entries.getIfPresent(digest);
    if (entry == null) {
      return Optional.empty();
    }
    if (!entry.holds(now, keys)) {
      // Other keys, or asked before the window opened: this entry will not be trusted again.
      entries.asMap().remove(digest, entry);
      return Optional.empty();
    }
    return Optional.of(entry.principal());
  }

  void put(String token, Principal principal, Instant now, Instant validFrom, Instant validUntil, long keys) {
    if (!validUntil.isAfter(now)) {
      return;
    }
    advanceTo(now);
    entries.put(digest(token), new Entry(principal, validFrom, validUntil, keys));
  }

  /** Drops every entry: the issuer's keys changed. */
  void clear() {
    entries.invalidateAll();
  }

  int size() {
    entries.cleanUp();
    return (int) entries.estimatedSize();
  }

  private void advanceTo(Instant now) {
    long nanos = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    ticks.accumulateAndGet(nanos, Math::max);
  }

  private static Digest digest(String token) {
    MessageDigest sha = SHA_256.get();
    // A valid token is ASCII; whatever else a caller sends cannot hash like one that was verified.
    ByteBuffer hash = ByteBuffer.wrap(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    return new Digest(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
  }

  /** An entry lives until its window ends, counted from the ticker's time when it is written; reads do not extend it. */
  private final class UntilWindowEnds implements Expiry<Digest, Entry> {
    @Override
    public long expireAfterCreate(Digest key, Entry entry, long currentTime) {
      long until = TimeUnit.SECONDS.toNanos(entry.validUntil().getEpochSecond()) + entry.validUntil().getNano();
      return Math.max(0, until - currentTime);
    }

    @Override
    public long expireAfterUpdate(Digest key, Entry entry, long currentTime, long currentDuration) {
      return expireAfterCreate(key, entry, currentTime);
    }

    @Override
    public long expireAfterRead(Digest key, Entry entry, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
