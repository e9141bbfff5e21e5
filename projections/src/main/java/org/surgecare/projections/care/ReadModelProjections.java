package org.surgecare.projections.care;

import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.surgecare.core.care.caregiver.Caregiver;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.care.visit.Visit;
import org.surgecare.projections.common.PooledJdbcSession;

/**
 * Every read-model projection, each running once per tag slice somewhere in the cluster (sharded daemon
 * processes move them to another node when one leaves). Events are applied in groups: a group and its offset
 * commit in one transaction (exactly-once), so a burst costs a few commits instead of one per event. How many
 * events make a group, and how long a group waits to fill, is {@code pekko.projection.grouped} (the node's
 * projections.conf).
 */
public final class ReadModelProjections {
  public static final String VISIT_BOARD = "visit-board";
  public static final String QUEUE_BOARD = "queue-board";
  public static final String CAREGIVER_ROSTER = "caregiver-roster";

  private ReadModelProjections() {}

  public static void start(ActorSystem<?> system, DataSource dataSource) {
    run(system, dataSource, VISIT_BOARD, Visit.TAGS.all(), VisitBoardHandler::new);
    run(system, dataSource, QUEUE_BOARD, StateQueue.TAGS.all(), QueueBoardHandler::new);
    run(system, dataSource, CAREGIVER_ROSTER, List.of(Caregiver.TAG), CaregiverRosterHandler::new);
  }

  /** Every projection id, for lag metrics and tests. */
  public static List<ProjectionId> ids() {
    List<ProjectionId> ids = new java.util.ArrayList<>();
    Visit.TAGS.all().forEach(tag -> ids.add(ProjectionId.of(VISIT_BOARD, tag)));
    StateQueue.TAGS.all().forEach(tag -> ids.add(ProjectionId.of(QUEUE_BOARD, tag)));
    ids.add(ProjectionId.of(CAREGIVER_ROSTER, Caregiver.TAG));
    return ids;
  }

  static <E> GroupedProjection<Offset, EventEnvelope<E>> projection(
      ActorSystem<?> system, DataSource dataSource, String name, String tag,
      Supplier<JdbcHandler<List<EventEnvelope<E>>, PooledJdbcSession>> handler) {
    return JdbcProjection.groupedWithin(
        ProjectionId.of(name, tag),
        EventSourcedProvider.<E>eventsByTag(system, JdbcReadJournal.Identifier(), tag),
        () -> new PooledJdbcSession(dataSource),
        handler,
        system);
  }

  private static <E> void run(
      ActorSystem<?> system, DataSource dataSource, String name, List<String> all,
      Supplier<JdbcHandler<List<EventEnvelope<E>>, PooledJdbcSession>> handler) {
    ShardedDaemonProcess.get(system).init(
        ProjectionBehavior.Command.class,
        name,
        all.size(),
        index -> ProjectionBehavior.create(projection(system, dataSource, name, all.get(index), handler)),
        ProjectionBehavior.stopMessage());
  }
}
