package org.surgecare.core.care.visit;

import java.util.Optional;
import java.util.UUID;

/** Visit ids are UUIDs in lower case; anything else names no visit and is answered without waking an entity. */
public final class VisitId {
  private VisitId() {}

  public static Optional<String> canonical(String text) {
    try {
      UUID id = UUID.fromString(text);
      return id.toString().equalsIgnoreCase(text) ? Optional.of(id.toString()) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
