package org.surgecare.http.care;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.surgecare.core.care.caregiver.CaregiverState.Profile;
import org.surgecare.core.care.live.LiveEvent;
import org.surgecare.core.care.queue.QueueState;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.care.rules.License;
import org.surgecare.core.care.rules.OpeningWindow;
import org.surgecare.core.care.rules.QueueSettings;
import org.surgecare.core.care.visit.Chat;
import org.surgecare.core.care.visit.VisitState.VisitRecord;
import org.surgecare.projections.care.DashboardQuery;
import org.surgecare.projections.care.ReadModelConsistency;
import org.surgecare.projections.audit.AuditLog;

/** The JSON shapes of the API. Enum values are lower-case slugs; durations are whole seconds. */
public final class Views {
  private Views() {}

  public static String slug(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<Long> seconds(Optional<Duration> duration) {
    return duration.map(Duration::toSeconds);
  }

  public record PatientView(String id, String name) {}

  public record RejectionView(String reason, String detail) {}

  public record TransferView(String from, String to, String by, Instant at) {}

  public record VisitView(
      String id,
      String tenant,
      String state,
      String status,
      String reason,
      int priority,
      PatientView patient,
      Instant requestedAt,
      Optional<Integer> position,
      Optional<Long> estimatedWaitSeconds,
      Optional<String> providerId,
      Optional<Instant> assignedAt,
      Optional<Instant> startedAt,
      Optional<Instant> endedAt,
      Optional<RejectionView> rejection,
      Optional<String> cancelReason,
      List<TransferView> transfers,
      String consistencyToken) {}

  public static VisitView visit(String tenant, VisitRecord r, Optional<LiveEvent.QueuePlace> place) {
    return new VisitView(
        r.visitId(),
        tenant,
        r.state().name(),
        slug(r.status()),
        r.intake().reason(),
        r.intake().priority(),
        new PatientView(r.intake().patientId(), r.intake().patientName()),
        r.intake().requestedAt(),
        place.map(LiveEvent.QueuePlace::position),
        place.flatMap(p -> seconds(p.estimatedWait())),
        r.providerId(),
        r.assignedAt(),
        r.startedAt(),
        r.endedAt(),
        r.rejection().map(reason -> new RejectionView(reason.slug(), r.rejectionDetail())),
        Optional.of(r.cancelReason()).filter(reason -> !reason.isEmpty()),
        r.transfers().stream().map(t -> new TransferView(t.from().name(), t.to().name(), t.by(), t.at())).toList(),
        new ReadModelConsistency.Token(java.util.UUID.fromString(r.visitId()), r.version()).encode());
  }

  public record AvailabilityView(
      String state,
      boolean open,
      boolean busy,
      Optional<String> busyMessage,
      boolean accepting,
      Optional<String> refusal,
      Optional<Long> estimatedWaitSeconds,
      Optional<Instant> closesAt,
      Optional<Instant> nextOpening,
      int waiting,
      double providersAvailable) {}

  public static AvailabilityView availability(StateQueue.Availability a) {
    return new AvailabilityView(
        a.state().name(),
        a.open(),
        a.busy(),
        a.busy() ? Optional.of(a.busyMessage()) : Optional.empty(),
        a.accepting(),
        a.refusal().map(r -> r.slug()),
        seconds(a.estimatedWait()),
        a.closesAt(),
        a.nextOpening(),
        a.waiting(),
        Math.round(a.providersAvailable() * 100) / 100.0);
  }

  public record WindowView(String day, String opens, String closes) {}

  public record ClosureView(Instant from, Instant until, String reason) {}

  public record BusyRateView(int visits, long perMinutes) {}

  public record SettingsView(
      String timeZone,
      List<WindowView> weekly,
      List<ClosureView> closures,
      String override,
      int capacity,
      BusyRateView busyRate,
      long endOfShiftGraceMinutes) {}

  public static SettingsView settings(QueueSettings s) {
    return new SettingsView(
        s.hours().zone().getId(),
        s.hours().weekly().stream().map(Views::window).toList(),
        s.hours().closures().stream().map(c -> new ClosureView(c.from(), c.until(), c.reason())).toList(),
        slug(s.hours().override()),
        s.capacity(),
        new BusyRateView(s.busyRate().visits(), s.busyRate().per().toMinutes()),
        s.endOfShiftGrace().toMinutes());
  }

  private static WindowView window(OpeningWindow w) {
    return new WindowView(slug(w.day()), w.opens().toString(), w.closes().toString());
  }

  public record BusyView(String message, String by, Instant since) {}

  public record WaitingView(
      String visitId, int position, int priority, String patientName, String reason, Instant requestedAt,
      Optional<Long> estimatedWaitSeconds) {}

  public record ClaimedView(String visitId, String providerId, String patientName, String reason, Instant requestedAt, Instant claimedAt) {}

  public record QueueView(
      AvailabilityView availability, SettingsView settings, Optional<BusyView> busy, List<WaitingView> waiting, List<ClaimedView> claimed) {}

  public static QueueView queue(StateQueue.QueueView q) {
    return new QueueView(
        availability(q.availability()),
        settings(q.settings()),
        q.busy().map(b -> new BusyView(b.message(), b.by(), b.since())),
        q.waiting().stream()
            .map(w -> new WaitingView(
                w.visit().visitId(), w.position(), w.visit().priority(), w.visit().patientName(), w.visit().reason(),
                w.visit().requestedAt(), seconds(w.estimatedWait())))
            .toList(),
        q.claimed().stream().map(Views::claimed).toList());
  }

  private static ClaimedView claimed(QueueState.ClaimedVisit c) {
    return new ClaimedView(c.visit().visitId(), c.providerId(), c.visit().patientName(), c.visit().reason(), c.visit().requestedAt(), c.at());
  }

  public record DashboardQueueView(
      String state,
      boolean open,
      boolean busy,
      Optional<String> busyMessage,
      boolean accepting,
      Optional<String> refusal,
      int waiting,
      Optional<Long> longestWaitSeconds,
      Optional<Long> estimatedWaitSeconds,
      double providersAvailable,
      Optional<Instant> closesAt,
      Optional<Instant> nextOpening,
      long seq) {}

  public static DashboardQueueView dashboardQueue(StateQueue.Availability a, Optional<Long> longestWaitSeconds, long seq) {
    return new DashboardQueueView(
        a.state().name(), a.open(), a.busy(), a.busy() ? Optional.of(a.busyMessage()) : Optional.empty(), a.accepting(),
        a.refusal().map(r -> r.slug()), a.waiting(), longestWaitSeconds, seconds(a.estimatedWait()),
        Math.round(a.providersAvailable() * 100) / 100.0, a.closesAt(), a.nextOpening(), seq);
  }

  public record DashboardVisitView(
      String id,
      String state,
      String status,
      Optional<Integer> position,
      int priority,
      String patientName,
      String reason,
      Instant requestedAt,
      long waitedSeconds,
      Optional<String> providerId,
      int unreadMessages,
      long seq) {}

  public static DashboardVisitView dashboardVisit(DashboardQuery.VisitRow v, Instant now) {
    return new DashboardVisitView(
        v.visitId().toString(), v.state().name(), slug(v.status()), v.position(), v.priority(), v.patientName(), v.reason(),
        v.requestedAt(), Math.max(0, Duration.between(v.requestedAt(), now).toSeconds()), v.providerId(), v.unreadMessages(),
        v.seq());
  }

  /** A waiting visit's place in a live queue message. */
  public record PlaceView(String visitId, int position, Optional<Long> estimatedWaitSeconds) {}

  /** A visit as the caregiver list shows it, from its record (live updates carry no unread count yet). */
  public static DashboardVisitView dashboardVisit(VisitRecord r, Instant now) {
    return new DashboardVisitView(
        r.visitId(), r.state().name(), slug(r.status()), Optional.empty(), r.intake().priority(), r.intake().patientName(),
        r.intake().reason(), r.intake().requestedAt(), Math.max(0, Duration.between(r.intake().requestedAt(), now).toSeconds()),
        r.providerId(), 0, r.version());
  }

  public record DashboardView(Instant generatedAt, List<DashboardQueueView> queues, List<DashboardVisitView> visits) {}

  public record LicenseView(String state, String number, LocalDate expires, String status) {}

  public record CaregiverView(
      String id, String displayName, String email, List<String> roles, String availability, List<LicenseView> licenses,
      Optional<Instant> invitedAt, String status, Optional<String> phone) {}

  public static CaregiverView caregiver(Profile p) {
    return new CaregiverView(
        p.caregiverId(),
        p.displayName(),
        p.email(),
        p.roles().stream().map(r -> r.slug()).sorted().toList(),
        slug(p.availability()),
        p.licenseList().stream().map(Views::license).toList(),
        Optional.of(p.invitedAt()),
        slug(p.status()),
        Optional.of(p.phone()).filter(phone -> !phone.isEmpty()));
  }

  public static LicenseView license(License l) {
    return new LicenseView(l.state().name(), l.number(), l.expires(), slug(l.status()));
  }

  // ---- chat

  public record MessageView(long number, String senderId, String senderRole, String text, Instant at) {}

  public record ChatSummaryView(long lastNumber, long staffReadUpTo, long unread) {}

  public record MessagesView(
      String visitId, List<MessageView> messages, boolean more, long lastNumber, long staffReadUpTo, long unread) {}

  public static MessageView message(Chat.ChatMessage m) {
    return new MessageView(m.number(), m.senderId(), m.senderRole().slug(), m.text(), m.at());
  }

  public static ChatSummaryView chatSummary(Chat.Summary s) {
    return new ChatSummaryView(s.lastNumber(), s.staffReadUpTo(), s.unread());
  }

  public static MessagesView messages(String visitId, Chat.Page page) {
    Chat.Summary s = page.summary();
    return new MessagesView(
        visitId, page.messages().stream().map(Views::message).toList(), page.more(), s.lastNumber(), s.staffReadUpTo(), s.unread());
  }

  // ---- audit

  public record AuditRecordView(
      long id, Instant at, String tenant, String who, String role, Optional<String> visitId, String action, Optional<String> detail) {}

  public record AuditPageView(List<AuditRecordView> records, Optional<Long> nextBefore) {}

  public static AuditPageView audit(AuditLog.Page page) {
    return new AuditPageView(
        page.records().stream().map(r -> new AuditRecordView(
            r.id(), r.entry().at(), r.entry().tenant(), r.entry().who(), r.entry().role(), r.entry().visitId(),
            r.entry().action(), Optional.of(r.entry().detail()).filter(d -> !d.isEmpty()))).toList(),
        page.nextBefore());
  }
}
