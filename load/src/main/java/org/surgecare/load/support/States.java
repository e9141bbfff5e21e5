package org.surgecare.load.support;

import java.util.EnumSet;
import java.util.List;
import org.surgecare.core.common.UsState;

/** State codes for the load runs, taken from {@link UsState} rather than copied. */
public final class States {
  private static final EnumSet<UsState> TERRITORIES = EnumSet.of(UsState.PR, UsState.VI, UsState.GU, UsState.AS, UsState.MP);

  /** The fifty states (no DC or territories), as DESIGN.md section 7 counts them, in {@link UsState} order. */
  public static final List<String> FIFTY = codes(false);

  /** The fifty states and DC, in {@link UsState} order. */
  public static final List<String> FIFTY_AND_DC = codes(true);

  private States() {}

  private static List<String> codes(boolean withDc) {
    return EnumSet.complementOf(TERRITORIES).stream()
        .filter(s -> withDc || s != UsState.DC)
        .map(UsState::name)
        .toList();
  }
}
