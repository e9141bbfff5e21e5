package org.surgecare.core.care.rules;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import org.surgecare.core.common.UsState;

/** The licensure gate: a provider takes a patient only under a verified, unexpired license for the patient's state. */
public final class Licensure {
  private Licensure() {}

  public static boolean permits(Collection<License> licenses, UsState state, Instant at) {
    return licenses.stream().anyMatch(l -> l.state() == state && l.permitsPracticeAt(at));
  }

  public static Set<UsState> practiceStates(Collection<License> licenses, Instant at) {
    Set<UsState> states = EnumSet.noneOf(UsState.class);
    licenses.stream().filter(l -> l.permitsPracticeAt(at)).forEach(l -> states.add(l.state()));
    return states;
  }
}
