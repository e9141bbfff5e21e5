package org.surgecare.core.care.live;

/** Where entities publish what they just persisted; the node fans it out to live sockets across the cluster. */
@FunctionalInterface
public interface LiveFeed {
  LiveFeed NONE = event -> {};

  void publish(LiveEvent event);
}
