package org.surgecare.core.care.caregiver;

import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.surgecare.core.common.JsonSerializable;
import org.surgecare.core.common.Role;
import org.surgecare.core.care.rules.License;
import org.surgecare.core.care.rules.Licensure;
import org.surgecare.core.common.UsState;

/** A caregiver entity's state: not invited yet, or the caregiver's profile. */
public sealed interface CaregiverState extends JsonSerializable {

  record NotInvited() implements CaregiverState {}

  record Profile(
      String caregiverId,
      String displayName,
      String email,
      Set<Role> roles,
      Map<UsState, License> licenses,
      Availability availability,
      String invitedBy,
      Instant invitedAt,
      String phone,
      CaregiverStatus status)
      implements CaregiverState {

    public Profile {
      roles = Set.copyOf(roles);
      licenses = licenses.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(licenses));
      // Profiles recorded before onboarding had a second step are invited ones without a phone.
      phone = phone == null ? "" : phone;
      status = status == null ? CaregiverStatus.INVITED : status;
    }

    static Profile invited(String caregiverId, String displayName, String email, Set<Role> roles, String by, Instant at) {
      return new Profile(
          caregiverId, displayName, email, roles, Map.of(), Availability.OFFLINE, by, at, "", CaregiverStatus.INVITED);
    }

    public boolean provider() {
      return roles.contains(Role.PROVIDER);
    }

    /** States where this caregiver may take patients at {@code at}: a provider with a verified, unexpired license. */
    public Set<UsState> practiceStates(Instant at) {
      return provider() ? Licensure.practiceStates(licenses.values(), at) : Set.of();
    }

    /** The first instant the license for {@code state} no longer covers (the day after expiry, in the state's zone). */
    public Optional<Instant> practiceUntil(UsState state) {
      return Optional.ofNullable(licenses.get(state))
          .map(l -> l.expires().plusDays(1).atTime(LocalTime.MIDNIGHT).atZone(state.defaultZone()).toInstant());
    }

    public List<License> licenseList() {
      return licenses.values().stream().sorted((a, b) -> a.state().name().compareTo(b.state().name())).toList();
    }

    Profile withLicense(License license) {
      Map<UsState, License> more = new EnumMap<>(UsState.class);
      more.putAll(licenses);
      more.put(license.state(), license);
      return new Profile(caregiverId, displayName, email, roles, more, availability, invitedBy, invitedAt, phone, status);
    }

    Profile withAvailability(Availability newAvailability) {
      return new Profile(caregiverId, displayName, email, roles, licenses, newAvailability, invitedBy, invitedAt, phone, status);
    }

    /** The caregiver's own details; completing them the first time makes the caregiver active. */
    Profile withDetails(String newDisplayName, String newPhone) {
      return new Profile(
          caregiverId, newDisplayName, email, roles, licenses, availability, invitedBy, invitedAt, newPhone, CaregiverStatus.ACTIVE);
    }
  }
}
