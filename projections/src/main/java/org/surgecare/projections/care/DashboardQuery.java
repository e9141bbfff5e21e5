package org.surgecare.projections.care;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.surgecare.core.care.queue.QueueState.Busy;
import org.surgecare.core.care.rules.ManualOverride;
import org.surgecare.core.care.rules.QueueSettings;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.visit.VisitStatus;

/**
 * The caregiver dashboard in one query: the watched queues (settings, busy, provider capacity, recent
 * admissions and visit lengths) and their active visits in dispatch order, from the board read models.
 */
public final class DashboardQuery {

  public record QueueRow(
      UsState state,
      QueueSettings settings,
      Optional<Busy> busy,
      List<Instant> recentAdmissions,
      List<Duration> recentVisitLengths,
      List<Boolean> recentDepartures,
      double providerCapacity,
      long seq) {

    static QueueRow unused(UsState state) {
      return new QueueRow(state, QueueSettings.defaults(state.defaultZone()), Optional.empty(), List.of(), List.of(), List.of(), 0, 0);
    }
  }

  public record VisitRow(
      UUID visitId,
      UsState state,
      VisitStatus status,
      int priority,
      String patientName,
      String reason,
      Instant requestedAt,
      Optional<String> providerId,
      int unreadMessages,
      Optional<Integer> position,
      long seq) {}

  public record Board(List<QueueRow> queues, Map<UsState, Integer> waiting, List<VisitRow> visits) {}

  // One row per watched state (its queue, when it has one, and its waiting count), then the head of each state's
  // waiting list (the first n entries of the partial index on waiting visits, walked per state), then the visits
  // being seen (few per state). Nothing ranks or counts the whole waiting list.
  private static final String SQL = """
      SELECT 'Q' AS kind, s.state, q.settings::text AS settings, q.override, q.busy_message, q.busy_by, q.busy_since,
             q.recent_admissions, q.recent_visit_seconds, q.recent_departures, q.seq,
             (SELECT coalesce(sum(1.0 / p.states_served), 0) FROM queue_provider p
               WHERE p.tenant = q.tenant AND p.state = q.state AND p.available AND p.practice_until > now()) AS capacity,
             coalesce(w.waiting, 0) AS waiting_count, NULL::uuid AS visit_id, NULL AS status, NULL::smallint AS priority,
             NULL AS patient_name, NULL AS reason, NULL::timestamptz AS requested_at, NULL AS provider_id,
             NULL::int AS unread_messages, NULL::bigint AS position
        FROM unnest(?::bpchar[]) AS s(state)
        LEFT JOIN queue_board q ON q.tenant = ? AND q.state = s.state
        LEFT JOIN queue_waiting w ON w.tenant = ? AND w.state = s.state
      UNION ALL
      SELECT 'V', s.state, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, h.seq, NULL, NULL, h.visit_id, h.status, h.priority,
             h.patient_name, h.reason, h.requested_at, h.provider_id, h.unread_messages,
             row_number() OVER (PARTITION BY s.state ORDER BY h.priority DESC, h.requested_at, h.visit_id)
        FROM unnest(?::bpchar[]) AS s(state)
        CROSS JOIN LATERAL (
          SELECT v.seq, v.visit_id, v.status, v.priority, v.patient_name, v.reason, v.requested_at, v.provider_id,
                 v.unread_messages
            FROM visit_board v
           WHERE v.tenant = ? AND v.state = s.state AND v.status = 'WAITING'
           ORDER BY v.priority DESC, v.requested_at, v.visit_id
           LIMIT ?) h
      UNION ALL
      SELECT 'V', v.state, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, v.seq, NULL, NULL, v.visit_id, v.status, v.priority,
             v.patient_name, v.reason, v.requested_at, v.provider_id, v.unread_messages, NULL
        FROM visit_board v
       WHERE v.tenant = ? AND v.state = ANY (?) AND v.status IN ('ASSIGNED', 'IN_PROGRESS')
       ORDER BY kind, state, position NULLS LAST, requested_at, visit_id
      """;

  private final DataSource readModels;

  public DashboardQuery(DataSource readModels) {
    this.readModels = readModels;
  }

  /**
   * @param waitingPerState how many waiting visits to list per state, from the head of the queue; assigned and
   *     in-progress visits are always listed, and the queue rows count every waiting visit
   */
  public Board load(String tenant, Collection<UsState> states, int waitingPerState) throws SQLException {
    // Queues and visits both in alphabetical order of the state code, as the query sorts visits.
    Map<UsState, QueueRow> queues = new java.util.TreeMap<>(java.util.Comparator.comparing(UsState::name));
    states.forEach(s -> queues.put(s, QueueRow.unused(s)));
    List<VisitRow> visits = new ArrayList<>();
    Map<UsState, Integer> waiting = new EnumMap<>(UsState.class);
    states.forEach(s -> waiting.put(s, 0));
    try (Connection c = readModels.getConnection(); PreparedStatement query = c.prepareStatement(SQL)) {
      Array codes = c.createArrayOf("bpchar", states.stream().map(UsState::name).toArray());
      int i = 1;
      query.setArray(i++, codes);
      query.setString(i++, tenant);
      query.setString(i++, tenant);
      query.setArray(i++, codes);
      query.setString(i++, tenant);
      query.setInt(i++, waitingPerState);
      query.setString(i++, tenant);
      query.setArray(i++, codes);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          UsState state = UsState.valueOf(rs.getString("state").strip());
          if (rs.getString("kind").equals("Q")) {
            waiting.put(state, rs.getInt("waiting_count"));
            if (rs.getString("settings") != null) {
              queues.put(state, queueRow(rs, state));
            }
          } else {
            visits.add(visitRow(rs, state));
          }
        }
      }
    }
    return new Board(List.copyOf(queues.values()), waiting, visits);
  }

  /** The states of the tenant that have a queue with any history. */
  public List<UsState> statesWithQueues(String tenant) throws SQLException {
    List<UsState> states = new ArrayList<>();
    try (Connection c = readModels.getConnection();
        PreparedStatement query = c.prepareStatement("SELECT state FROM queue_board WHERE tenant = ? ORDER BY state")) {
      query.setString(1, tenant);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          states.add(UsState.valueOf(rs.getString(1)));
        }
      }
    }
    return states;
  }

  private static QueueRow queueRow(ResultSet rs, UsState state) throws SQLException {
    QueueSettings stored = ReadModelJson.settings(rs.getString("settings"));
    QueueSettings settings = stored.withHours(stored.hours().withOverride(ManualOverride.valueOf(rs.getString("override"))));
    Timestamp busySince = rs.getTimestamp("busy_since");
    Optional<Busy> busy = busySince == null
        ? Optional.empty()
        : Optional.of(new Busy(rs.getString("busy_message"), rs.getString("busy_by"), busySince.toInstant()));
    List<Instant> admissions = new ArrayList<>();
    for (Timestamp t : (Timestamp[]) rs.getArray("recent_admissions").getArray()) {
      admissions.add(t.toInstant());
    }
    List<Duration> lengths = new ArrayList<>();
    for (Integer seconds : (Integer[]) rs.getArray("recent_visit_seconds").getArray()) {
      lengths.add(Duration.ofSeconds(seconds));
    }
    List<Boolean> departures = List.of((Boolean[]) rs.getArray("recent_departures").getArray());
    return new QueueRow(state, settings, busy, admissions, lengths, departures, rs.getDouble("capacity"), rs.getLong("seq"));
  }

  private static VisitRow visitRow(ResultSet rs, UsState state) throws SQLException {
    long position = rs.getLong("position");
    boolean queued = !rs.wasNull();
    return new VisitRow(
        rs.getObject("visit_id", UUID.class),
        state,
        VisitStatus.valueOf(rs.getString("status")),
        rs.getInt("priority"),
        rs.getString("patient_name"),
        rs.getString("reason"),
        rs.getTimestamp("requested_at").toInstant(),
        Optional.ofNullable(rs.getString("provider_id")),
        rs.getInt("unread_messages"),
        queued ? Optional.of((int) position) : Optional.empty(),
        rs.getLong("seq"));
  }
}
