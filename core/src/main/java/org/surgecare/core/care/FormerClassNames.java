package org.surgecare.core.care;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Reads events and snapshots journaled before the code was split by product, when the care classes lived one
 * package up (org.surgecare.core.visit.Visit$VisitOpened is now org.surgecare.core.care.visit.Visit$VisitOpened).
 * Only the class name changed; the JSON is read as it is. Each old name is bound to this migration in
 * reference.conf; events are never rewritten, so the binding stays as long as such journals may exist.
 */
public final class FormerClassNames extends JacksonMigration {
  private static final String OLD = "org.surgecare.core.";
  private static final Map<String, String> PACKAGES = Map.of(
      "caregiver", "care.caregiver",
      "patient", "care.patient",
      "queue", "care.queue",
      "visit", "care.visit",
      "rules", "care.rules",
      "live", "care.live");

  @Override
  public int currentVersion() {
    return 2;
  }

  @Override
  public String transformClassName(int fromVersion, String className) {
    if (!className.startsWith(OLD)) {
      return className;
    }
    String rest = className.substring(OLD.length());
    int dot = rest.indexOf('.');
    String renamed = dot < 0 ? null : PACKAGES.get(rest.substring(0, dot));
    return renamed == null ? className : OLD + renamed + rest.substring(dot);
  }

  @Override
  public JsonNode transform(int fromVersion, JsonNode json) {
    return json;
  }
}
