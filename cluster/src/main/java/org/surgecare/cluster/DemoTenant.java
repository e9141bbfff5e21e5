package org.surgecare.cluster;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.Scheduler;
import org.surgecare.core.common.entity.Asks;
import org.surgecare.core.care.Entities;
import org.surgecare.core.common.Role;
import org.surgecare.core.care.caregiver.Availability;
import org.surgecare.core.care.caregiver.Caregiver;
import org.surgecare.core.care.caregiver.CaregiverStatus;
import org.surgecare.core.care.caregiver.CaregiverState.Profile;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.care.rules.LicenseStatus;
import org.surgecare.core.care.rules.OpeningWindow;
import org.surgecare.core.care.rules.QueueHours;
import org.surgecare.core.care.rules.QueueSettings;
import org.surgecare.core.common.UsState;

/**
 * The demo tenant: a few state queues with different hours and caregivers for each persona. Seeding goes through
 * the same entity commands as the API and only adds what is missing, so it is safe on every start.
 */
public final class DemoTenant {
  public static final String SEEDED_BY = "demo-seed";

  /** A demo persona: the subject to sign in as, the role, and what they are for. */
  public record Persona(String subject, Role role, String name, String description) {}

  public static final List<Persona> PERSONAS = List.of(
      new Persona("pat-patient", Role.PATIENT, "Pat Morgan", "a patient (any subject works as a new patient)"),
      new Persona("dr-rivera", Role.PROVIDER, "Dr. Ana Rivera", "provider licensed in WA and OR"),
      new Persona("dr-chen", Role.PROVIDER, "Dr. Wei Chen", "provider licensed in CA and WA"),
      new Persona("dr-okafor", Role.PROVIDER, "Dr. Chidi Okafor", "provider licensed in TX, NY and FL"),
      new Persona("sam-support", Role.SUPPORT, "Sam Patel", "support staff"),
      new Persona("ada-admin", Role.ADMIN, "Ada Brooks", "tenant admin"),
      new Persona("oli-operator", Role.OPERATOR, "Oli Jensen", "operator"));

  private record DemoCaregiver(String id, String name, String email, String phone, Role role, List<UsState> licensed) {}

  private static final List<DemoCaregiver> CAREGIVERS = List.of(
      new DemoCaregiver("dr-rivera", "Dr. Ana Rivera", "ana.rivera@demo.surgecare.org", "+1 206 555 0101", Role.PROVIDER, List.of(UsState.WA, UsState.OR)),
      new DemoCaregiver("dr-chen", "Dr. Wei Chen", "wei.chen@demo.surgecare.org", "+1 206 555 0102", Role.PROVIDER, List.of(UsState.CA, UsState.WA)),
      new DemoCaregiver("dr-okafor", "Dr. Chidi Okafor", "chidi.okafor@demo.surgecare.org", "+1 206 555 0103", Role.PROVIDER, List.of(UsState.TX, UsState.NY, UsState.FL)),
      new DemoCaregiver("sam-support", "Sam Patel", "sam.patel@demo.surgecare.org", "+1 206 555 0104", Role.SUPPORT, List.of()),
      new DemoCaregiver("ada-admin", "Ada Brooks", "ada.brooks@demo.surgecare.org", "+1 206 555 0105", Role.ADMIN, List.of()));

  /** WA and OR never close, so the demo works at any hour; the others keep business hours in their zones. */
  private static Map<UsState, QueueSettings> queues() {
    return Map.of(
        UsState.WA, withHours(QueueHours.allDay(UsState.WA.defaultZone())),
        UsState.OR, withHours(QueueHours.allDay(UsState.OR.defaultZone())),
        UsState.CA, withHours(QueueHours.daily(UsState.CA.defaultZone(), LocalTime.of(7, 0), LocalTime.of(22, 0))),
        UsState.TX, withHours(weekdays(UsState.TX, LocalTime.of(8, 0), LocalTime.of(20, 0))),
        UsState.NY, withHours(QueueHours.daily(UsState.NY.defaultZone(), LocalTime.of(7, 0), LocalTime.of(23, 0))),
        UsState.FL, withHours(QueueHours.daily(UsState.FL.defaultZone(), LocalTime.of(8, 0), LocalTime.of(21, 0))));
  }

  private static QueueSettings withHours(QueueHours hours) {
    return new QueueSettings(hours, 1_000, QueueSettings.DEFAULT_BUSY_RATE, QueueSettings.DEFAULT_GRACE);
  }

  private static QueueHours weekdays(UsState state, LocalTime opens, LocalTime closes) {
    List<OpeningWindow> windows = new ArrayList<>();
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY) {
        windows.add(new OpeningWindow(day, opens, closes));
      }
    }
    return new QueueHours(state.defaultZone(), windows, List.of(), null);
  }

  private final Entities entities;
  private final Scheduler scheduler;
  private final Clock clock;

  public DemoTenant(Entities entities, Scheduler scheduler, Clock clock) {
    this.entities = entities;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  public CompletionStage<Done> seed(String tenant) {
    List<CompletableFuture<?>> steps = new ArrayList<>();
    queues().forEach((state, settings) -> steps.add(seedQueue(tenant, state, settings).toCompletableFuture()));
    for (DemoCaregiver caregiver : CAREGIVERS) {
      steps.add(seedCaregiver(tenant, caregiver).toCompletableFuture());
    }
    return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).thenApply(all -> Done.getInstance());
  }

  private CompletionStage<Done> seedQueue(String tenant, UsState state, QueueSettings settings) {
    return Asks.<StateQueue.Command, StateQueue.QueueView>ask(entities.queue(tenant, state), StateQueue.GetQueue::new, scheduler)
        .thenCompose(view -> view.settings().equals(QueueSettings.defaults(state.defaultZone()))
            ? Asks.<StateQueue.Command, Done>ask(entities.queue(tenant, state), r -> new StateQueue.ChangeSettings(settings, SEEDED_BY, r), scheduler)
            : CompletableFuture.completedFuture(Done.getInstance()));
  }

  private CompletionStage<Profile> seedCaregiver(String tenant, DemoCaregiver c) {
    var ref = entities.caregiver(tenant, c.id());
    CompletionStage<Profile> profile = Asks.<Caregiver.Command, Profile>askWithStatus(
            ref, r -> new Caregiver.Invite(c.name(), c.email(), Set.of(c.role()), SEEDED_BY, r), scheduler)
        .thenCompose(p -> p.status() == CaregiverStatus.ACTIVE
            ? CompletableFuture.completedFuture(p)
            : Asks.<Caregiver.Command, Profile>askWithStatus(ref, r -> new Caregiver.UpdateProfile(c.name(), c.phone(), SEEDED_BY, r), scheduler));
    LocalDate expires = LocalDate.ofInstant(clock.instant(), UsState.WA.defaultZone()).plusYears(2);
    for (UsState state : c.licensed()) {
      profile = profile.thenCompose(p -> p.licenses().containsKey(state)
          ? CompletableFuture.completedFuture(p)
          : Asks.<Caregiver.Command, Profile>askWithStatus(ref, r -> new Caregiver.AddLicense(state, "DEMO-" + state + "-" + c.id().hashCode() % 10_000, expires, SEEDED_BY, r), scheduler));
      profile = profile.thenCompose(p -> p.licenses().get(state).status() == LicenseStatus.PENDING
          ? Asks.<Caregiver.Command, Profile>askWithStatus(ref, r -> new Caregiver.ReviewLicense(state, true, SEEDED_BY, r), scheduler)
          : CompletableFuture.completedFuture(p));
    }
    if (c.role() == Role.PROVIDER) {
      profile = profile.thenCompose(p -> p.availability() == Availability.AVAILABLE
          ? CompletableFuture.completedFuture(p)
          : Asks.<Caregiver.Command, Profile>askWithStatus(ref, r -> new Caregiver.SetAvailability(Availability.AVAILABLE, SEEDED_BY, r), scheduler));
    }
    return profile;
  }
}
