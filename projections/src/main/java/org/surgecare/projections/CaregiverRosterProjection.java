package org.surgecare.projections;

import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.ExactlyOnceProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.surgecare.core.caregiver.Caregiver;

/** Runs the caregiver roster projection once in the cluster, with exactly-once offsets in PostgreSQL. */
public final class CaregiverRosterProjection {
  public static final ProjectionId ID = ProjectionId.of("caregiver-roster", Caregiver.TAG);

  private CaregiverRosterProjection() {}

  public static ExactlyOnceProjection<Offset, EventEnvelope<Caregiver.Event>> create(
      ActorSystem<?> system, DataSource dataSource) {
    SourceProvider<Offset, EventEnvelope<Caregiver.Event>> source =
        EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), Caregiver.TAG);
    return JdbcProjection.exactlyOnce(
        ID, source, () -> new PooledJdbcSession(dataSource), CaregiverRosterHandler::new, system);
  }

  public static void start(ActorSystem<?> system, DataSource dataSource) {
    ShardedDaemonProcess.get(system)
        .init(
            ProjectionBehavior.Command.class,
            "caregiver-roster",
            1,
            index -> ProjectionBehavior.create(create(system, dataSource)),
            ProjectionBehavior.stopMessage());
  }
}
