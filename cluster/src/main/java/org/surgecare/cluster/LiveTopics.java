package org.surgecare.cluster;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.surgecare.core.care.live.LiveEvent;
import org.surgecare.core.care.live.LiveFeed;
import org.surgecare.core.care.live.LiveSubscriptions;

/**
 * One cluster-wide topic per tenant: entities publish what they persisted, every node's live sockets of that
 * tenant receive it. Topics only reach nodes with subscribers, so a tenant nobody watches costs nothing.
 */
final class LiveTopics implements LiveFeed, LiveSubscriptions {
  private final Map<String, ActorRef<Topic.Command<LiveEvent>>> topics;

  LiveTopics(ActorSystem<?> system, Set<String> tenants) {
    this.topics = tenants.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), tenant ->
        system.systemActorOf(Topic.create(LiveEvent.class, "live-" + tenant), "live-topic-" + tenant, Props.empty())));
  }

  @Override
  public void publish(LiveEvent event) {
    ActorRef<Topic.Command<LiveEvent>> topic = topics.get(event.tenant());
    if (topic != null) {
      topic.tell(Topic.publish(event));
    }
  }

  @Override
  public void subscribe(String tenant, ActorRef<LiveEvent> subscriber) {
    ActorRef<Topic.Command<LiveEvent>> topic = topics.get(tenant);
    if (topic != null) {
      topic.tell(Topic.subscribe(subscriber));
    }
  }

  @Override
  public void unsubscribe(String tenant, ActorRef<LiveEvent> subscriber) {
    ActorRef<Topic.Command<LiveEvent>> topic = topics.get(tenant);
    if (topic != null) {
      topic.tell(Topic.unsubscribe(subscriber));
    }
  }
}
