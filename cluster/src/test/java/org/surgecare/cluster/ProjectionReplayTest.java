package org.surgecare.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.surgecare.core.visit.Visit;
import org.surgecare.projections.PooledJdbcSession;
import org.surgecare.projections.VisitBoardHandler;

/** The read models are a pure function of the journal: rebuilt from zero, or through failures, they come out the same. */
class ProjectionReplayTest extends OneNodeTest {
  private static final String VISIT_BOARD = "SELECT tenant, visit_id, state, status, priority, patient_id, patient_name, reason,"
      + " requested_at, provider_id, assigned_at, started_at, ended_at, unread_messages, patient_messages, staff_read_up_to, seq"
      + " FROM visit_board ORDER BY visit_id";
  private static final String QUEUE_BOARD = "SELECT tenant, state, settings, override, busy_message, busy_by, busy_since,"
      + " recent_admissions, recent_visit_seconds, recent_departures, seq FROM queue_board ORDER BY tenant, state";
  private static final String QUEUE_PROVIDER = "SELECT * FROM queue_provider ORDER BY tenant, state, caregiver_id";

  private static Projections projections;

  @BeforeAll
  static void someHistory() {
    projections = new Projections(node);
    acme.openAllDay("WA", 100);
    acme.openAllDay("OR", 100);
    String provider = acme.provider("replay-doc", "WA", "OR");
    String support = api.token("replay-support", "support", TestNodes.TENANT);
    api.put(acme.path("/queues/OR/busy"), support, Map.of("busy", true, "message", "surge"));
    for (int i = 0; i < 40; i++) {
      acme.intake(acme.patient("replay-" + i), i % 2 == 0 ? "WA" : "OR", null);
    }
    for (int i = 0; i < 10; i++) {
      String id = api.post(acme.path("/providers/replay-doc/next"), provider, null).json().get("id").asText();
      api.post(acme.path("/visits/" + id + "/start"), provider, null);
      if (i % 3 != 0) {
        api.post(acme.path("/visits/" + id + "/complete"), provider, null);
      }
    }
  }

  @Test
  void replayFromZeroGivesTheSameTables() throws Exception {
    projections.awaitVisitBoardCaughtUp();
    Thread.sleep(1_000); // queue-board has no catch-up marker of its own; it trails visit-board by far less
    List<String> visits = projections.query(VISIT_BOARD);
    List<String> queues = projections.query(QUEUE_BOARD);
    List<String> providers = projections.query(QUEUE_PROVIDER);
    assertThat(visits).hasSizeGreaterThanOrEqualTo(40);

    projections.pause("visit-board");
    projections.pause("queue-board");
    projections.execute("TRUNCATE visit_board, queue_board, queue_provider");
    projections.execute("DELETE FROM pekko_projection_offset_store WHERE projection_name IN ('visit-board', 'queue-board')");
    projections.resume("visit-board");
    projections.resume("queue-board");

    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(projections.query(VISIT_BOARD)).isEqualTo(visits);
      assertThat(projections.query(QUEUE_BOARD)).isEqualTo(queues);
      assertThat(projections.query(QUEUE_PROVIDER)).isEqualTo(providers);
    });
  }

  /** Fails every n-th envelope after doing its work, so the transaction must roll back. */
  static final class FailingEvery extends JdbcHandler<EventEnvelope<Visit.Event>, PooledJdbcSession> {
    static final AtomicInteger calls = new AtomicInteger();
    static final AtomicInteger failures = new AtomicInteger();
    private final VisitBoardHandler delegate = new VisitBoardHandler();
    private final int n;

    FailingEvery(int n) {
      this.n = n;
    }

    @Override
    public void process(PooledJdbcSession session, EventEnvelope<Visit.Event> envelope) throws Exception {
      delegate.process(session, envelope);
      if (calls.incrementAndGet() % n == 0) {
        failures.incrementAndGet();
        throw new IllegalStateException("injected failure after envelope " + envelope.sequenceNr());
      }
    }
  }

  @Test
  void failuresEveryFewEventsLeaveTheReadModelExact() throws Exception {
    projections.awaitVisitBoardCaughtUp();
    List<String> expected = projections.query(VISIT_BOARD);

    projections.pause("visit-board");
    projections.execute("TRUNCATE visit_board");
    List<ProjectionId> ids = projections.named("visit-board");
    for (ProjectionId id : ids) {
      var projection = JdbcProjection.exactlyOnce(
              ProjectionId.of("visit-board-with-failures", id.key()),
              EventSourcedProvider.<Visit.Event>eventsByTag(node.system(), JdbcReadJournal.Identifier(), id.key()),
              () -> new PooledJdbcSession(dataSource()),
              () -> new FailingEvery(7),
              node.system())
          .withRestartBackoff(Duration.ofMillis(20), Duration.ofMillis(100), 0.1);
      node.system().systemActorOf(ProjectionBehavior.create(projection), "failing-" + id.key(), Props.empty());
    }

    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(projections.query(VISIT_BOARD)).isEqualTo(expected));
    assertThat(FailingEvery.failures.get()).as("failures were injected").isGreaterThan(3);
    projections.resume("visit-board");
  }

  private static javax.sql.DataSource dataSource() {
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setURL(node.jdbcUrl());
    return ds;
  }
}
