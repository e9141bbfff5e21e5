package org.surgecare.core.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UsStateTest {
  @Test
  void hasFiftySixCodes() {
    assertThat(UsState.values()).hasSize(56);
  }

  @Test
  void includesDistrictOfColumbiaAndPuertoRico() {
    assertThat(UsState.values()).contains(UsState.DC, UsState.PR);
    assertThat(UsState.DC.displayName()).isEqualTo("District of Columbia");
    assertThat(UsState.PR.displayName()).isEqualTo("Puerto Rico");
  }

  @Test
  void codesAreTwoUppercaseLetters() {
    assertThat(Arrays.stream(UsState.values()).map(UsState::name)).allMatch(code -> code.matches("[A-Z]{2}"));
  }

  @ParameterizedTest
  @EnumSource(UsState.class)
  void everyCodeParsesToItself(UsState state) {
    assertThat(UsState.parse(state.name())).contains(state);
    assertThat(UsState.parse(state.name().toLowerCase())).contains(state);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"wa|WA", "Ny|NY", "' dc '|DC", "'\tpr\n'|PR", "'  az'|AZ"})
  void parseIgnoresCaseAndSurroundingBlanks(String input, UsState expected) {
    assertThat(UsState.parse(input)).contains(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"XX", "WAS", "W", "   ", "W A", "Washington", "1A"})
  void parseRejectsAnythingElse(String input) {
    assertThat(UsState.parse(input)).isEmpty();
  }

  @Test
  void zonesFollowTheState() {
    assertThat(UsState.AZ.defaultZone()).isEqualTo(ZoneId.of("America/Phoenix"));
    assertThat(UsState.WA.defaultZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
    assertThat(UsState.DC.defaultZone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(UsState.HI.defaultZone()).isEqualTo(ZoneId.of("Pacific/Honolulu"));
    assertThat(UsState.PR.defaultZone()).isEqualTo(ZoneId.of("America/Puerto_Rico"));
  }

  @ParameterizedTest
  @EnumSource(UsState.class)
  void everyStateHasAZoneAndAName(UsState state) {
    assertThat(state.defaultZone()).isNotNull();
    assertThat(state.displayName()).isNotBlank();
  }
}
