package org.surgecare.http.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens that passed every check, by the SHA-256 of their text (the token itself is not kept), so that a caller
 * polling with the same token is not verified again on every request. An entry holds only within the window its
 * verification proved ({@code validFrom} to {@code validUntil}, which the verifier sets no later than the token's
 * expiry) and only while the issuer's keys are those it was verified with ({@code keys}, a generation number).
 * At most {@code capacity} entries: when full, expired ones go first, then arbitrary ones, which only costs
 * their callers a verification.
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

  private final int capacity;
  private final ConcurrentHashMap<Digest, Entry> entries = new ConcurrentHashMap<>();

  VerifiedTokens(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
  }

  Optional<Principal> get(String token, Instant now, long keys) {
    Digest digest = digest(token);
    Entry entry = entries.get(digest);
    if (entry == null) {
      return Optional.empty();
    }
    if (!entry.holds(now, keys)) {
      entries.remove(digest, entry);
      return Optional.empty();
    }
    return Optional.of(entry.principal());
  }

  void put(String token, Principal principal, Instant now, Instant validFrom, Instant validUntil, long keys) {
    if (!validUntil.isAfter(now)) {
      return;
    }
    if (entries.size() >= capacity) {
      makeRoom(now);
    }
    entries.put(digest(token), new Entry(principal, validFrom, validUntil, keys));
  }

  /** Drops every entry: the issuer's keys changed. */
  void clear() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }

  /** Expired entries first; if that is not enough, arbitrary ones down to three quarters of the capacity. */
  private void makeRoom(Instant now) {
    entries.values().removeIf(e -> !now.isBefore(e.validUntil()));
    Iterator<Digest> keys = entries.keySet().iterator();
    int target = capacity - Math.max(1, capacity / 4);
    while (entries.size() > target && keys.hasNext()) {
      keys.next();
      keys.remove();
    }
  }

  private static Digest digest(String token) {
    MessageDigest sha = SHA_256.get();
    // A valid token is ASCII; whatever else a caller sends cannot hash like one that was verified.
    ByteBuffer hash = ByteBuffer.wrap(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    return new Digest(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
  }
}
