package org.surgecare.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.surgecare.core.common.Role;

/** The memory of verified tokens: only within the window the check proved, only with the same keys, bounded. */
class VerifiedTokensTest {
  static final Instant NOW = Instant.parse("2026-11-22T01:00:00Z");
  static final Instant EXPIRY = NOW.plus(Duration.ofHours(1));

  private static Principal patient(String subject) {
    return new Principal(subject, "demo", Set.of(Role.PATIENT), subject, EXPIRY);
  }

  @Test
  void aTokenIsRememberedUntilItsWindowEnds() {
    VerifiedTokens tokens = new VerifiedTokens(10);
    tokens.put("token-a", patient("a"), NOW, NOW.minusSeconds(60), EXPIRY, 1);

    assertThat(tokens.get("token-a", NOW, 1)).contains(patient("a"));
    assertThat(tokens.get("token-a", EXPIRY.minusMillis(1), 1)).contains(patient("a"));
    assertThat(tokens.get("token-a", EXPIRY, 1)).isEmpty();
    assertThat(tokens.size()).as("an expired entry is dropped when found").isZero();
  }

  @Test
  void notBeforeItsWindowStarts() {
    VerifiedTokens tokens = new VerifiedTokens(10);
    tokens.put("token-a", patient("a"), NOW, NOW.minusSeconds(60), EXPIRY, 1);

    assertThat(tokens.get("token-a", NOW.minusSeconds(61), 1)).isEmpty();
  }

  @Test
  void onlyWithTheKeysItWasCheckedAgainst() {
    VerifiedTokens tokens = new VerifiedTokens(10);
    tokens.put("token-a", patient("a"), NOW, NOW, EXPIRY, 1);

    assertThat(tokens.get("token-a", NOW, 2)).isEmpty();
    assertThat(tokens.get("token-a", NOW, 1)).as("dropped once seen with other keys").isEmpty();
  }

  @Test
  void anotherTokenIsNotTheRememberedOne() {
    VerifiedTokens tokens = new VerifiedTokens(10);
    tokens.put("token-a", patient("a"), NOW, NOW, EXPIRY, 1);

    assertThat(tokens.get("token-b", NOW, 1)).isEmpty();
    assertThat(tokens.get("token-a ", NOW, 1)).isEmpty();
  }

  @Test
  void aWindowAlreadyOverIsNotKept() {
    VerifiedTokens tokens = new VerifiedTokens(10);
    tokens.put("token-a", patient("a"), NOW, NOW.minusSeconds(120), NOW, 1);

    assertThat(tokens.size()).isZero();
  }

  @Test
  void neverHoldsMoreThanItsCapacity() {
    VerifiedTokens tokens = new VerifiedTokens(100);
    for (int i = 0; i < 1_000; i++) {
      tokens.put("token-" + i, patient("p" + i), NOW, NOW, EXPIRY, 1);
      assertThat(tokens.size()).isLessThanOrEqualTo(100);
    }

    assertThat(tokens.get("token-999", NOW, 1)).as("the newest is kept").contains(patient("p999"));
  }

  @Test
  void whenFullExpiredEntriesGoFirst() {
    VerifiedTokens tokens = new VerifiedTokens(4);
    tokens.put("short-1", patient("s1"), NOW, NOW, NOW.plusSeconds(10), 1);
    tokens.put("short-2", patient("s2"), NOW, NOW, NOW.plusSeconds(10), 1);
    tokens.put("long-1", patient("l1"), NOW, NOW, EXPIRY, 1);
    tokens.put("long-2", patient("l2"), NOW, NOW, EXPIRY, 1);

    Instant later = NOW.plusSeconds(20);
    tokens.put("long-3", patient("l3"), later, later, EXPIRY, 1);

    assertThat(tokens.size()).isEqualTo(3);
    assertThat(tokens.get("long-1", later, 1)).isPresent();
    assertThat(tokens.get("long-2", later, 1)).isPresent();
    assertThat(tokens.get("long-3", later, 1)).isPresent();
  }

  @Test
  void clearForgetsEverything() {
    VerifiedTokens tokens = new VerifiedTokens(10);
    tokens.put("token-a", patient("a"), NOW, NOW, EXPIRY, 1);

    tokens.clear();

    assertThat(tokens.get("token-a", NOW, 1)).isEmpty();
  }
}
