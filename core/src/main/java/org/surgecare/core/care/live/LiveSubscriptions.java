package org.surgecare.core.care.live;

import org.apache.pekko.actor.typed.ActorRef;

/** Subscribing to a tenant's live events from anywhere in the cluster; the node implements it with topics. */
public interface LiveSubscriptions {
  void subscribe(String tenant, ActorRef<LiveEvent> subscriber);

  void unsubscribe(String tenant, ActorRef<LiveEvent> subscriber);
}
