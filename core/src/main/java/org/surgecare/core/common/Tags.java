package org.surgecare.core.common;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Tags that spread an entity type's events over a fixed number of slices, one projection instance per slice.
 * The slice of an entity never changes, so its events stay in order within one slice.
 */
public record Tags(String prefix, int slices) {

  public String tagFor(String entityKey) {
    return prefix + "-" + Math.floorMod(entityKey.hashCode(), slices);
  }

  public List<String> all() {
    return IntStream.range(0, slices).mapToObj(i -> prefix + "-" + i).toList();
  }
}
