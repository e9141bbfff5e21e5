package org.surgecare.core.care.rules;

/** Staff can force a queue open or closed regardless of its schedule until they clear the override. */
public enum ManualOverride {
  NONE,
  OPEN,
  CLOSED
}
