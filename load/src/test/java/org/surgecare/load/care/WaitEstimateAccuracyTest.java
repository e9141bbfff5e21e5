package org.surgecare.load.care;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WaitEstimateAccuracyTest {
  @Test
  void theSameSeedGivesTheSameFigures() {
    assertThat(WaitEstimateAccuracy.run(7)).isEqualTo(WaitEstimateAccuracy.run(7));
  }

  @Test
  void everyScenarioComparesTheEstimatorWithBothBaselines() {
    List<WaitEstimateAccuracy.ScenarioResult> results = WaitEstimateAccuracy.run(7);

    assertThat(results).extracting(WaitEstimateAccuracy.ScenarioResult::scenario)
        .containsExactly("steady", "arrival surge", "providers leave/join", "longer visits", "combined surge", "all scenarios");
    for (WaitEstimateAccuracy.ScenarioResult r : results) {
      assertThat(r.patients()).isPositive();
      assertThat(r.errors()).extracting(WaitEstimateAccuracy.Errors::predictor)
          .containsExactly("estimator", "longest wait + 15 min", "average of finished visits");
      assertThat(r.errors()).allSatisfy(e -> assertThat(e.medianRelative()).isFinite().isNotNegative());
    }
  }

  @Test
  void mediansOfOddAndEvenCounts() {
    assertThat(WaitEstimateAccuracy.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(WaitEstimateAccuracy.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
  }
}
