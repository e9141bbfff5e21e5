package org.surgecare.load.care;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutageTest {
  private static Outage.Probe ok(long sent, long done) {
    return new Outage.Probe(sent, done, true);
  }

  private static Outage.Probe failed(long sent, long done) {
    return new Outage.Probe(sent, done, false);
  }

  @Test
  void anEntityWhoseReadsNeverFailedWasNotAffected() {
    assertThat(Outage.of(List.of(ok(-500, -490), ok(100, 110), ok(200, 210))))
        .isEqualTo(new Outage.Result(false, Optional.of(0L)));
  }

  @Test
  void servesAgainAtTheFirstAnswerToAProbeSentAfterTheLastFailure() {
    // Sent to the dead node before its shards moved: fails at the ask timeout, after a later probe was answered.
    List<Outage.Probe> probes = List.of(ok(-100, -90), failed(100, 6100), failed(9000, 15000), ok(9100, 11500), ok(9200, 11400));

    assertThat(Outage.of(probes)).isEqualTo(new Outage.Result(true, Optional.of(11400L)));
  }

  @Test
  void aFailureBeforeTheKillDoesNotCount() {
    assertThat(Outage.of(List.of(failed(-300, -200), ok(100, 120))).affected()).isFalse();
  }

  @Test
  void anEntityThatNeverAnsweredAgainHasNoTime() {
    assertThat(Outage.of(List.of(failed(100, 6100), failed(200, 6200)))).isEqualTo(new Outage.Result(true, Optional.empty()));
  }

  @Test
  void quantilesByNearestRank() {
    List<Long> values = List.of(1L, 2L, 3L, 4L, 10L);
    assertThat(Outage.quantile(values, 0.5)).isEqualTo(3);
    assertThat(Outage.quantile(values, 1.0)).isEqualTo(10);
    assertThat(Outage.quantile(List.of(), 0.5)).isEqualTo(-1);
  }
}
