package org.surgecare.projections.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlWavesTest {
  /** An event of an entity: "a2" is entity a's second event in the group. */
  private static String entity(String event) {
    return event.substring(0, 1);
  }

  @Test
  void eachWaveHoldsTheNextEventOfEveryEntityInArrivalOrder() {
    List<String> group = List.of("a1", "b1", "a2", "a3", "c1", "b2", "a4");
    assertThat(Sql.waves(group, SqlWavesTest::entity)).containsExactly(
        List.of("a1", "b1", "c1"),
        List.of("a2", "b2"),
        List.of("a3"),
        List.of("a4"));
  }

  @Test
  void eventsOfDifferentEntitiesStayInOneWave() {
    assertThat(Sql.waves(List.of("a1", "b1", "c1"), SqlWavesTest::entity)).containsExactly(List.of("a1", "b1", "c1"));
    assertThat(Sql.waves(List.<String>of(), SqlWavesTest::entity)).isEmpty();
  }
}
