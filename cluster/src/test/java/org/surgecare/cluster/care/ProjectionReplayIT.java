package org.surgecare.cluster.care;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.ProjectionManagement;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.surgecare.cluster.OneNodeTest;
import org.surgecare.cluster.Projections;
import org.surgecare.cluster.TestNodes;
import org.surgecare.core.care.visit.IntakeDetails;
import org.surgecare.core.care.visit.Visit;
import org.surgecare.core.common.Role;
import org.surgecare.core.common.UsState;
import org.surgecare.projections.care.VisitBoardHandler;
import org.surgecare.projections.common.PooledJdbcSession;

/** The read models are a pure function of the journal: rebuilt from zero, or through failures, they come out the same. */
class ProjectionReplayIT extends OneNodeTest {
  private static final String VISIT_BOARD = "SELECT tenant, visit_id, state, status, priority, patient_id, patient_name, reason,"
      + " requested_at, provider_id, assigned_at, started_at, ended_at, unread_messages, patient_messages, staff_read_up_to, seq"
      + " FROM visit_board ORDER BY visit_id";
  private static final String QUEUE_BOARD = "SELECT tenant, state, settings, override, busy_message, busy_by, busy_since,"
      + " recent_admissions, recent_visit_seconds, recent_departures, seq FROM queue_board ORDER BY tenant, state";
  private static final String QUEUE_PROVIDER = "SELECT * FROM queue_provider ORDER BY tenant, state, caregiver_id";
  private static final String QUEUE_WAITING = "SELECT tenant, state, waiting FROM queue_waiting WHERE waiting <> 0 ORDER BY tenant, state";

  private static final String COUNTED = "SELECT tenant, state, count(*) FROM visit_board WHERE status = 'WAITING'"
      + " GROUP BY tenant, state ORDER BY tenant, state";

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
    List<String> waiting = projections.query(QUEUE_WAITING);
    assertThat(visits).hasSizeGreaterThanOrEqualTo(40);
    assertThat(waiting).as("waiting counts agree with the board").isEqualTo(projections.query(COUNTED));

    projections.pause("visit-board");
    projections.pause("queue-board");
    projections.execute("TRUNCATE visit_board, queue_waiting, queue_board, queue_provider");
    projections.execute("DELETE FROM pekko_projection_offset_store WHERE projection_name IN ('visit-board', 'queue-board')");
    projections.resume("visit-board");
    projections.resume("queue-board");

    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(projections.query(VISIT_BOARD)).isEqualTo(visits);
      assertThat(projections.query(QUEUE_BOARD)).isEqualTo(queues);
      assertThat(projections.query(QUEUE_PROVIDER)).isEqualTo(providers);
      assertThat(projections.query(QUEUE_WAITING)).isEqualTo(waiting);
    });
  }

  /**
   * Fails a group after doing its work once n events have gone through since the last failure, so the transaction
   * must roll back; groups are smaller than n, so the retry of the failed group gets through.
   */
  static final class FailingEvery extends JdbcHandler<List<EventEnvelope<Visit.Event>>, PooledJdbcSession> {
    static final AtomicInteger failures = new AtomicInteger();
    private final VisitBoardHandler delegate = new VisitBoardHandler();
    private final int n;
    private int sinceFailure;

    FailingEvery(int n) {
      this.n = n;
    }

    @Override
    public void process(PooledJdbcSession session, List<EventEnvelope<Visit.Event>> envelopes) throws Exception {
      delegate.process(session, envelopes);
      sinceFailure += envelopes.size();
      if (sinceFailure >= n) {
        sinceFailure = 0;
        failures.incrementAndGet();
        throw new IllegalStateException("injected failure after envelope " + envelopes.get(envelopes.size() - 1).sequenceNr());
      }
    }
  }

  @Test
  void failuresEveryFewEventsLeaveTheReadModelExact() throws Exception {
    projections.awaitVisitBoardCaughtUp();
    List<String> expected = projections.query(VISIT_BOARD);
    List<String> waiting = projections.query(QUEUE_WAITING);

    projections.pause("visit-board");
    projections.execute("TRUNCATE visit_board, queue_waiting");
    List<ProjectionId> ids = projections.named("visit-board");
    for (ProjectionId id : ids) {
      var projection = JdbcProjection.groupedWithin(
              ProjectionId.of("visit-board-with-failures", id.key()),
              EventSourcedProvider.<Visit.Event>eventsByTag(node.system(), JdbcReadJournal.Identifier(), id.key()),
              () -> new PooledJdbcSession(dataSource()),
              () -> new FailingEvery(7),
              node.system())
          .withGroup(5, Duration.ofMillis(20))
          .withRestartBackoff(Duration.ofMillis(20), Duration.ofMillis(100), 0.1);
      node.system().systemActorOf(ProjectionBehavior.create(projection), "failing-" + id.key(), Props.empty());
    }

    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      assertThat(projections.query(VISIT_BOARD)).isEqualTo(expected);
      assertThat(projections.query(QUEUE_WAITING)).isEqualTo(waiting);
    });
    assertThat(FailingEvery.failures.get()).as("failures were injected").isGreaterThan(3);
    for (ProjectionId id : ids) {
      ProjectionManagement.get(node.system()).pause(ProjectionId.of("visit-board-with-failures", id.key()))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    projections.resume("visit-board");
  }

  /** The same events, applied as one group and one by one (a transaction each), leave the same rows and counts. */
  @Test
  void aGroupWithSeveralEventsOfOneVisitLandsExactly() throws Exception {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    UUID c = UUID.randomUUID();
    Instant t = Instant.parse("2026-03-02T15:00:00Z");
    List<Object[]> events = List.of(
        new Object[] {a, 1, new Visit.VisitOpened(intake(a, UsState.WA, 0, t), t)},
        new Object[] {b, 1, new Visit.VisitOpened(intake(b, UsState.WA, 2, t.plusSeconds(1)), t.plusSeconds(1))},
        new Object[] {a, 2, new Visit.VisitAssigned("doc-1", t.plusSeconds(2))},
        new Object[] {a, 3, new Visit.MessagePosted(1, "pat-a", Role.PATIENT, "still here?", t.plusSeconds(3))},
        new Object[] {a, 4, new Visit.VisitUnassigned("doc-1", t.plusSeconds(4))},
        new Object[] {c, 1, new Visit.VisitOpened(intake(c, UsState.OR, 0, t.plusSeconds(5)), t.plusSeconds(5))},
        new Object[] {a, 5, new Visit.MessagePosted(2, "pat-a", Role.PATIENT, "hello?", t.plusSeconds(6))},
        new Object[] {a, 6, new Visit.VisitTransferred(UsState.WA, UsState.OR, "sam-support", t.plusSeconds(7))},
        new Object[] {b, 2, new Visit.VisitCancelled("pat-b", "feeling better", t.plusSeconds(8))},
        new Object[] {a, 7, new Visit.MessagesRead(1, "sam-support", t.plusSeconds(9))},
        new Object[] {a, 8, new Visit.VisitAssigned("doc-2", t.plusSeconds(10))},
        new Object[] {c, 2, new Visit.VisitAssigned("doc-2", t.plusSeconds(11))},
        new Object[] {c, 3, new Visit.VisitUnassigned("doc-2", t.plusSeconds(12))},
        new Object[] {a, 9, new Visit.VisitStarted("doc-2", t.plusSeconds(13))});

    List<EventEnvelope<Visit.Event>> grouped = envelopes("grouped", events);
    List<EventEnvelope<Visit.Event>> single = envelopes("single", events);
    try {
      appliedAsOneGroupAndOneByOne(grouped, single, a);
    } finally {
      // These tenants have no journal: the other tests compare whole tables rebuilt from it.
      projections.execute("DELETE FROM visit_board WHERE tenant IN ('grouped', 'single')");
      projections.execute("DELETE FROM queue_waiting WHERE tenant IN ('grouped', 'single')");
    }
  }

  private static void appliedAsOneGroupAndOneByOne(
      List<EventEnvelope<Visit.Event>> grouped, List<EventEnvelope<Visit.Event>> single, UUID a) throws Exception {
    inTransaction(List.of(grouped));
    inTransaction(single.stream().map(List::of).toList());

    String rows = "SELECT visit_id, state, status, priority, patient_id, patient_name, reason, requested_at, provider_id,"
        + " assigned_at, started_at, ended_at, unread_messages, patient_messages, staff_read_up_to, seq"
        + " FROM visit_board WHERE tenant = '%s' ORDER BY visit_id";
    String counts = "SELECT state, waiting FROM queue_waiting WHERE tenant = '%s' AND waiting <> 0 ORDER BY state";
    assertThat(projections.query(rows.formatted("grouped"))).hasSize(3).isEqualTo(projections.query(rows.formatted("single")));
    assertThat(projections.query(counts.formatted("grouped"))).isEqualTo(projections.query(counts.formatted("single")));
    assertThat(projections.query(counts.formatted("grouped"))).containsExactly("OR | 1");
    assertThat(projections.query("SELECT status, state, provider_id, unread_messages, seq FROM visit_board"
        + " WHERE tenant = 'grouped' AND visit_id = '" + a + "'")).containsExactly("IN_PROGRESS | OR | doc-2 | 1 | 9");

    // Applying the group again (a replay) changes nothing.
    List<String> before = projections.query(rows.formatted("grouped"));
    inTransaction(List.of(grouped));
    assertThat(projections.query(rows.formatted("grouped"))).isEqualTo(before);
    assertThat(projections.query(counts.formatted("grouped"))).containsExactly("OR | 1");
  }

  private static IntakeDetails intake(UUID visit, UsState state, int priority, Instant at) {
    return new IntakeDetails(visit.toString(), "pat-" + visit, "Patient " + visit.toString().substring(0, 4), "cough",
        priority, state, at);
  }

  private static List<EventEnvelope<Visit.Event>> envelopes(String tenant, List<Object[]> events) {
    List<EventEnvelope<Visit.Event>> envelopes = new ArrayList<>();
    for (Object[] e : events) {
      envelopes.add(EventEnvelope.create(Offset.sequence(envelopes.size() + 1),
          "Visit|" + tenant + ":" + e[0], ((Integer) e[1]).longValue(), (Visit.Event) e[2], 0L));
    }
    return envelopes;
  }

  /** Applies each group with the visit-board handler in a transaction of its own, as the projection does. */
  private static void inTransaction(List<List<EventEnvelope<Visit.Event>>> groups) throws Exception {
    VisitBoardHandler handler = new VisitBoardHandler();
    for (List<EventEnvelope<Visit.Event>> group : groups) {
      PooledJdbcSession session = new PooledJdbcSession(dataSource());
      try {
        handler.process(session, group);
        session.commit();
      } finally {
        session.close();
      }
    }
  }

  private static javax.sql.DataSource dataSource() {
    org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setURL(node.jdbcUrl());
    return ds;
  }
}
