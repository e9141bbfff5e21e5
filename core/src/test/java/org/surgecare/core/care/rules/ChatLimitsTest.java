package org.surgecare.core.care.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatLimitsTest {
  private static final Instant NOW = Instant.parse("2026-01-05T17:00:00Z");
  private static final ChatLimits LIMITS = ChatLimits.DEFAULT;

  private static Instant secondsAgo(double seconds) {
    return NOW.minusMillis((long) (seconds * 1000));
  }

  /** {@code count} posts, one every {@code spacing} seconds, the latest {@code latest} seconds ago. */
  private static List<Instant> posts(int count, double spacing, double latest) {
    List<Instant> posts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      posts.add(secondsAgo(latest + i * spacing));
    }
    return posts;
  }

  @Test
  void theDefaultsAreTwoThousandCharactersAndTenPerTenSeconds() {
    assertThat(LIMITS).isEqualTo(new ChatLimits(2_000, 10, Duration.ofSeconds(10), 500));
  }

  @Test
  void acceptsTextUpToTheLimit() {
    assertThat(LIMITS.check("x".repeat(2_000), List.of(), 0, NOW)).isEqualTo(new ChatLimits.Accepted());
  }

  @Test
  void refusesTextOverTheLimit() {
    assertThat(LIMITS.check("x".repeat(2_001), List.of(), 0, NOW)).isInstanceOf(ChatLimits.Invalid.class);
  }

  @Test
  void refusesBlankText() {
    assertThat(LIMITS.check(" \n\t", List.of(), 0, NOW)).isInstanceOf(ChatLimits.Invalid.class);
    assertThat(LIMITS.check(null, List.of(), 0, NOW)).isInstanceOf(ChatLimits.Invalid.class);
  }

  @Test
  void acceptsTheTenthPostInTheWindow() {
    assertThat(LIMITS.check("hi", posts(9, 1, 0), 9, NOW)).isEqualTo(new ChatLimits.Accepted());
  }

  @Test
  void throttlesTheEleventhUntilTheOldestLeavesTheWindow() {
    // Ten posts, the oldest 9.5 s ago: it leaves the 10 s window in 0.5 s.
    List<Instant> ten = posts(10, 0.5, 5);

    assertThat(LIMITS.check("hi", ten, 10, NOW)).isEqualTo(new ChatLimits.Throttled(Duration.ofMillis(500)));
    assertThat(LIMITS.check("hi", ten, 10, NOW.plusMillis(500))).isEqualTo(new ChatLimits.Accepted());
  }

  @Test
  void postsExactlyAWindowOldNoLongerCount() {
    List<Instant> ten = posts(10, 0, 10);

    assertThat(LIMITS.check("hi", ten, 10, NOW)).isEqualTo(new ChatLimits.Accepted());
  }

  @Test
  void theWindowSlidesRatherThanResetting() {
    // Five posts 8 s ago and five 1 s ago: the eleventh must wait until the first five are 10 s old.
    List<Instant> posts = new ArrayList<>(posts(5, 0, 8));
    posts.addAll(posts(5, 0, 1));

    assertThat(LIMITS.check("hi", posts, 10, NOW)).isEqualTo(new ChatLimits.Throttled(Duration.ofSeconds(2)));
  }

  @Test
  void postsInAnyOrderCountTheSame() {
    List<Instant> shuffled = new ArrayList<>(posts(10, 0.5, 5));
    java.util.Collections.reverse(shuffled);

    assertThat(LIMITS.check("hi", shuffled, 10, NOW)).isEqualTo(new ChatLimits.Throttled(Duration.ofMillis(500)));
  }

  @Test
  void afterALowerLimitTheRetryWaitsForEnoughPostsToLeave() {
    ChatLimits two = new ChatLimits(100, 2, Duration.ofSeconds(10), 500);

    // Three posts 9, 6 and 3 s ago: two must leave before one more fits, the second of them in 4 s.
    assertThat(two.check("hi", List.of(secondsAgo(9), secondsAgo(6), secondsAgo(3)), 3, NOW))
        .isEqualTo(new ChatLimits.Throttled(Duration.ofSeconds(4)));
  }

  @Test
  void aFullChatTakesNoMore() {
    assertThat(LIMITS.check("hi", List.of(), 500, NOW)).isEqualTo(new ChatLimits.Full(500));
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> new ChatLimits(0, 10, Duration.ofSeconds(10), 500)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ChatLimits(10, 10, Duration.ZERO, 500)).isInstanceOf(IllegalArgumentException.class);
  }
}
