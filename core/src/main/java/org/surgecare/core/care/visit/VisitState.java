package org.surgecare.core.care.visit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.surgecare.core.common.JsonSerializable;
import org.surgecare.core.common.Role;
import org.surgecare.core.care.rules.RefusalReason;
import org.surgecare.core.common.UsState;

/** A visit entity's state: nothing yet, or the visit record. */
public sealed interface VisitState extends JsonSerializable {

  record Unopened() implements VisitState {}

  /** A move of a waiting visit from one state's queue to another's. */
  record Transfer(UsState from, UsState to, String by, Instant at) implements JsonSerializable {}

  /** The record of one visit, from intake to its end. */
  record VisitRecord(
      IntakeDetails intake,
      VisitStatus status,
      Optional<RefusalReason> rejection,
      String rejectionDetail,
      Optional<String> providerId,
      Optional<Instant> assignedAt,
      Optional<Instant> startedAt,
      Optional<Instant> endedAt,
      Optional<String> endedBy,
      String cancelReason,
      List<Transfer> transfers,
      Chat chat,
      long version)
      implements VisitState {

    public VisitRecord {
      transfers = List.copyOf(transfers);
      // Visits recorded before chat existed have none.
      chat = chat == null ? Chat.EMPTY : chat;
    }

    static VisitRecord waiting(IntakeDetails intake) {
      return new VisitRecord(
          intake, VisitStatus.WAITING, Optional.empty(), "", Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), "", List.of(), Chat.EMPTY, 0);
    }

    static VisitRecord rejected(IntakeDetails intake, RefusalReason reason, String detail, Instant at) {
      return new VisitRecord(
          intake, VisitStatus.REJECTED, Optional.of(reason), detail, Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.of(at), Optional.empty(), "", List.of(), Chat.EMPTY, 0);
    }

    /** The record after one more event: {@code version} counts the visit's events, so it is its sequence number. */
    VisitRecord next(long previousVersion) {
      return new VisitRecord(
          intake, status, rejection, rejectionDetail, providerId, assignedAt, startedAt, endedAt, endedBy, cancelReason,
          transfers, chat, previousVersion + 1);
    }

    public String visitId() {
      return intake.visitId();
    }

    public UsState state() {
      return intake.state();
    }

    public boolean assignedTo(String provider) {
      return providerId.filter(provider::equals).isPresent();
    }

    VisitRecord assigned(String provider, Instant at) {
      return new VisitRecord(
          intake, VisitStatus.ASSIGNED, rejection, rejectionDetail, Optional.of(provider), Optional.of(at), startedAt,
          endedAt, endedBy, cancelReason, transfers, chat, version);
    }

    VisitRecord unassigned() {
      return new VisitRecord(
          intake, VisitStatus.WAITING, rejection, rejectionDetail, Optional.empty(), Optional.empty(), startedAt,
          endedAt, endedBy, cancelReason, transfers, chat, version);
    }

    VisitRecord started(Instant at) {
      return new VisitRecord(
          intake, VisitStatus.IN_PROGRESS, rejection, rejectionDetail, providerId, assignedAt, Optional.of(at),
          endedAt, endedBy, cancelReason, transfers, chat, version);
    }

    VisitRecord ended(VisitStatus end, String by, String reason, Instant at) {
      return new VisitRecord(
          intake, end, rejection, rejectionDetail, providerId, assignedAt, startedAt, Optional.of(at),
          Optional.of(by), reason, transfers, chat, version);
    }

    VisitRecord transferred(UsState to, String by, Instant at) {
      List<Transfer> more = new ArrayList<>(transfers);
      more.add(new Transfer(intake.state(), to, by, at));
      return new VisitRecord(
          intake.transferredTo(to), VisitStatus.WAITING, rejection, rejectionDetail, Optional.empty(),
          Optional.empty(), startedAt, endedAt, endedBy, cancelReason, more, chat, version);
    }

    // ---- chat

    /** The visit's own patient, or staff of its tenant (the caller's tenant is checked before the visit is asked). */
    public boolean visibleTo(String subject, Role role) {
      return role.caregiver() || (role == Role.PATIENT && intake.patientId().equals(subject));
    }

    VisitRecord withChat(Chat newChat) {
      return new VisitRecord(
          intake, status, rejection, rejectionDetail, providerId, assignedAt, startedAt, endedAt, endedBy,
          cancelReason, transfers, newChat, version);
    }
  }
}
