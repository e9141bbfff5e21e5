package org.surgecare.core.care.live;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.surgecare.core.common.JsonSerializable;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.visit.VisitState.VisitRecord;

/**
 * A change an entity just persisted, published to everyone connected to the tenant. {@code seq} is the entity's
 * sequence number, so a client can tell when it missed one and reload; {@code persistedAt} is when the entity saw
 * the write confirmed, so that persist → socket latency can be measured at the client.
 */
public sealed interface LiveEvent extends JsonSerializable {
  String tenant();

  long seq();

  Instant persistedAt();

  /** A queue's availability and waiting order after a change. */
  record QueueChanged(
      String tenant,
      UsState state,
      long seq,
      StateQueue.Availability availability,
      Optional<Instant> longestWaitingSince,
      List<QueuePlace> waiting,
      Instant persistedAt)
      implements LiveEvent {}

  /** One waiting visit's place. */
  record QueuePlace(String visitId, int position, Optional<Duration> estimatedWait) implements JsonSerializable {}

  /** A visit's record after a change. */
  record VisitChanged(String tenant, long seq, VisitRecord visit, Instant persistedAt) implements LiveEvent {}
}
