package org.surgecare.core.care;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.surgecare.core.care.caregiver.Caregiver;
import org.surgecare.core.care.live.LiveFeed;
import org.surgecare.core.care.patient.PatientVisits;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.care.visit.Visit;
import org.surgecare.core.common.EntityId;
import org.surgecare.core.common.UsState;

/**
 * Real entities as plain actors, spawned by the test kit on first use and cached by entity id, persisting to the
 * persistence testkit's in-memory journal: what sharding gives a node, without the cluster.
 */
public final class LocalEntities implements Entities {
  private final ActorTestKit testKit;
  private final Clock clock;
  private final Map<String, ActorRef<StateQueue.Command>> queues = new ConcurrentHashMap<>();
  private final Map<String, ActorRef<Visit.Command>> visits = new ConcurrentHashMap<>();
  private final Map<String, ActorRef<Caregiver.Command>> caregivers = new ConcurrentHashMap<>();
  private final Map<String, ActorRef<PatientVisits.Command>> patients = new ConcurrentHashMap<>();

  public LocalEntities(ActorTestKit testKit, Clock clock) {
    this.testKit = testKit;
    this.clock = clock;
  }

  @Override
  public ActorRef<StateQueue.Command> queue(String tenant, UsState state) {
    EntityId id = StateQueue.entityId(tenant, state);
    return queues.computeIfAbsent(id.toString(), key -> testKit.spawn(StateQueue.create(id, clock, LiveFeed.NONE)));
  }

  @Override
  public ActorRef<Visit.Command> visit(String tenant, String visitId) {
    EntityId id = new EntityId(tenant, visitId);
    return visits.computeIfAbsent(id.toString(), key -> testKit.spawn(Visit.create(id, this, clock, LiveFeed.NONE)));
  }

  @Override
  public ActorRef<Caregiver.Command> caregiver(String tenant, String caregiverId) {
    EntityId id = new EntityId(tenant, caregiverId);
    return caregivers.computeIfAbsent(id.toString(), key -> testKit.spawn(Caregiver.create(id, this, clock)));
  }

  @Override
  public ActorRef<PatientVisits.Command> patient(String tenant, String patientId) {
    EntityId id = new EntityId(tenant, patientId);
    return patients.computeIfAbsent(id.toString(), key -> testKit.spawn(PatientVisits.create(id, this, clock)));
  }

  /** Stops every entity spawned so far and forgets them; the next use spawns afresh (and recovers). */
  public void stopAll() {
    stop(queues);
    stop(visits);
    stop(caregivers);
    stop(patients);
  }

  private <T> void stop(Map<String, ActorRef<T>> refs) {
    refs.values().forEach(testKit::stop);
    refs.clear();
  }
}
