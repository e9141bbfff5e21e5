package org.surgecare.cluster.care;

import java.time.Clock;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.surgecare.core.care.Entities;
import org.surgecare.core.common.EntityId;
import org.surgecare.core.care.caregiver.Caregiver;
import org.surgecare.core.care.live.LiveFeed;
import org.surgecare.core.care.patient.PatientVisits;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.visit.Visit;

/** Every entity type sharded over the cluster; each entity's id is its tenant and key. */
public final class ShardedEntities implements Entities {
  private final ClusterSharding sharding;

  private ShardedEntities(ClusterSharding sharding) {
    this.sharding = sharding;
  }

  public static ShardedEntities init(ActorSystem<?> system, Clock clock, LiveFeed live) {
    ClusterSharding sharding = ClusterSharding.get(system);
    ShardedEntities entities = new ShardedEntities(sharding);
    sharding.init(Entity.of(StateQueue.ENTITY_TYPE, ctx -> StateQueue.create(EntityId.parse(ctx.getEntityId()), clock, live)));
    sharding.init(Entity.of(Visit.ENTITY_TYPE, ctx -> Visit.create(EntityId.parse(ctx.getEntityId()), entities, clock, live)));
    sharding.init(Entity.of(Caregiver.ENTITY_TYPE, ctx -> Caregiver.create(EntityId.parse(ctx.getEntityId()), entities, clock)));
    sharding.init(Entity.of(PatientVisits.ENTITY_TYPE, ctx -> PatientVisits.create(EntityId.parse(ctx.getEntityId()), entities, clock)));
    return entities;
  }

  @Override
  public RecipientRef<StateQueue.Command> queue(String tenant, UsState state) {
    return sharding.entityRefFor(StateQueue.ENTITY_TYPE, StateQueue.entityId(tenant, state).toString());
  }

  @Override
  public RecipientRef<Visit.Command> visit(String tenant, String visitId) {
    return sharding.entityRefFor(Visit.ENTITY_TYPE, new EntityId(tenant, visitId).toString());
  }

  @Override
  public RecipientRef<Caregiver.Command> caregiver(String tenant, String caregiverId) {
    return sharding.entityRefFor(Caregiver.ENTITY_TYPE, new EntityId(tenant, caregiverId).toString());
  }

  @Override
  public RecipientRef<PatientVisits.Command> patient(String tenant, String patientId) {
    return sharding.entityRefFor(PatientVisits.ENTITY_TYPE, new EntityId(tenant, patientId).toString());
  }
}
