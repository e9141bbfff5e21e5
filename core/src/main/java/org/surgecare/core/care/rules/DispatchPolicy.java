package org.surgecare.core.care.rules;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.surgecare.core.common.UsState;

/** Which patient a provider gets next: the first in {@link QueuedVisit#ORDER} across the states they serve. */
public final class DispatchPolicy {
  private DispatchPolicy() {}

  /** The head of a queue that is open and that the provider may take patients from. */
  public record Candidate(UsState state, QueuedVisit head) {}

  private static final Comparator<Candidate> BY_QUEUE_ORDER =
      Comparator.comparing(Candidate::head, QueuedVisit.ORDER).thenComparing(Candidate::state);

  public static Optional<Candidate> choose(Collection<Candidate> heads) {
    return heads.stream().min(BY_QUEUE_ORDER);
  }

  public static Optional<Candidate> choose(Map<UsState, QueuedVisit> headsByState) {
    return choose(headsByState.entrySet().stream().map(e -> new Candidate(e.getKey(), e.getValue())).toList());
  }
}
