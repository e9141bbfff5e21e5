package org.surgecare.http.care;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;
import org.surgecare.core.care.caregiver.Availability;
import org.surgecare.core.care.caregiver.Caregiver;
import org.surgecare.core.care.caregiver.CaregiverState.Profile;
import org.surgecare.core.care.caregiver.CaregiverStatus;
import org.surgecare.core.care.rules.LicenseStatus;
import org.surgecare.core.common.Role;
import org.surgecare.core.common.UsState;
import org.surgecare.core.common.entity.Asks;
import org.surgecare.http.ApiContext;
import org.surgecare.http.api.ApiDirectives;
import org.surgecare.http.api.Fields;
import org.surgecare.http.api.Json;
import org.surgecare.http.api.Problem;
import org.surgecare.http.auth.Principal;
import org.surgecare.projections.care.CaregiverRoster;

/** Caregiver onboarding and licensure: invite, licenses, verification, availability, and the roster. */
public final class CaregiverRoutes extends ApiDirectives {
  /** Digits with the usual separators and an optional leading '+': at least 7 digits. */
  public static final Pattern PHONE = Pattern.compile("\\+?(?:[ ().-]*[0-9]){7,20}[ ().-]*");

  public CaregiverRoutes(ApiContext api) {
    super(api);
  }

  public Route routes(String tenant) {
    return pathPrefix("caregivers", () -> concat(
        pathEnd(() -> concat(
            get(() -> member(tenant, p -> roster(tenant), Role.ADMIN)),
            post(() -> member(tenant, p -> invite(tenant, p), Role.ADMIN)))),
        pathPrefix(segment(), caregiverId -> !Fields.ID.matcher(caregiverId).matches()
            ? problem(Problem.of(404, "not-found", "Not found", "no such caregiver"))
            : concat(
            pathEnd(() -> get(() -> member(tenant, p -> selfOrAdmin(p, caregiverId, () ->
                change(tenant, caregiverId, (id, replyTo) -> new Caregiver.Get(replyTo)))))),
            path("licenses", () -> post(() -> member(tenant, p -> selfOrAdmin(p, caregiverId, () -> addLicense(tenant, caregiverId, p))))),
            path(segment("licenses").slash(segment()).slash("verify"), code ->
                post(() -> member(tenant, p -> verify(tenant, caregiverId, code, p), Role.ADMIN))),
            path("availability", () -> put(() -> member(tenant, p -> selfOrAdmin(p, caregiverId, () -> availability(tenant, caregiverId, p))))),
            path("profile", () -> put(() -> member(tenant, p -> self(p, caregiverId, false, () -> profile(tenant, caregiverId, p)))))))));
  }

  private Route selfOrAdmin(Principal caller, String caregiverId, Supplier<Route> inner) {
    return self(caller, caregiverId, true, inner);
  }

  private Route self(Principal caller, String caregiverId, boolean orAdmin, Supplier<Route> inner) {
    boolean self = caller.caregiver() && caller.subject().equals(caregiverId);
    if (!self && !(orAdmin && caller.has(Role.ADMIN))) {
      return problem(forbidden(orAdmin
          ? "only the caregiver themselves or an admin may do this"
          : "only the caregiver themselves may do this"));
    }
    return inner.get();
  }

  private Route roster(String tenant) {
    CompletionStage<List<Views.CaregiverView>> rows = blocking("reading the caregiver roster",
        () -> api.roster().list(tenant).stream().map(CaregiverRoutes::view).toList());
    return reply(rows.thenApply(list -> Json.ok(java.util.Map.of("caregivers", list))));
  }

  private static Views.CaregiverView view(CaregiverRoster.CaregiverRow row) {
    return new Views.CaregiverView(
        row.caregiverId(),
        row.displayName(),
        row.email(),
        row.roles(),
        Views.slug(Availability.valueOf(row.availability())),
        row.licenses().stream()
            .map(l -> new Views.LicenseView(l.state(), l.number(), l.expires(), Views.slug(LicenseStatus.valueOf(l.status()))))
            .toList(),
        Optional.of(row.invitedAt()),
        Views.slug(CaregiverStatus.valueOf(row.status())),
        Optional.of(row.phone()).filter(phone -> !phone.isEmpty()));
  }

  private Route invite(String tenant, Principal admin) {
    return jsonBody(body -> validated(() -> {
      Fields fields = new Fields();
      String id = fields.id(body, "id", false);
      String displayName = fields.text(body, "", "displayName", 200, true);
      String email = fields.text(body, "", "email", 320, true);
      if (!email.isEmpty() && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
        fields.error("email", "must be an email address");
      }
      Set<Role> roles = EnumSet.noneOf(Role.class);
      JsonNode listed = body.get("roles");
      if (listed == null || !listed.isArray() || listed.isEmpty()) {
        fields.error("roles", "is required: one or more of provider, support, admin");
      } else {
        for (int i = 0; i < listed.size(); i++) {
          Optional<Role> role = Role.parse(listed.get(i).asText());
          if (role.isEmpty() || !role.get().caregiver()) {
            fields.error("roles[" + i + "]", "must be provider, support or admin");
          } else {
            roles.add(role.get());
          }
        }
      }
      fields.check();
      String caregiverId = id.isEmpty() ? UUID.randomUUID().toString() : id;
      CompletionStage<Profile> invited = Asks.askWithStatus(
          api.entities().caregiver(tenant, caregiverId),
          replyTo -> new Caregiver.Invite(displayName, email, roles, admin.subject(), replyTo),
          api.scheduler());
      return reply(invited.thenApply(profile -> Json.response(StatusCodes.CREATED, Views.caregiver(profile))
          .addHeader(Location.create("/api/v1/tenants/" + tenant + "/caregivers/" + caregiverId))));
    }));
  }

  private Route addLicense(String tenant, String caregiverId, Principal caller) {
    return jsonBody(body -> validated(() -> {
      Fields fields = new Fields();
      Optional<UsState> state = fields.state(body, "state", true);
      String number = fields.text(body, "", "number", 64, true);
      Optional<LocalDate> expires = fields.date(body, "expires", true);
      fields.check();
      return change(tenant, caregiverId, (id, replyTo) ->
          new Caregiver.AddLicense(state.orElseThrow(), number, expires.orElseThrow(), caller.subject(), replyTo));
    }));
  }

  private Route verify(String tenant, String caregiverId, String code, Principal admin) {
    return usState(code, state -> optionalJsonBody(body -> validated(() -> {
      Fields fields = new Fields();
      boolean verified = fields.bool(body, "verified").orElse(true);
      fields.check();
      return change(tenant, caregiverId, (id, replyTo) -> new Caregiver.ReviewLicense(state, verified, admin.subject(), replyTo));
    })));
  }

  /** The caregiver's own details; the first time completes onboarding (invited to active). */
  private Route profile(String tenant, String caregiverId, Principal caregiver) {
    return jsonBody(body -> validated(() -> {
      Fields fields = new Fields();
      String displayName = fields.text(body, "", "displayName", 200, true);
      String phone = fields.text(body, "", "phone", 32, true);
      if (!phone.isEmpty() && phone.length() <= 32 && !PHONE.matcher(phone).matches()) {
        fields.error("phone", "must be a phone number like +1 206 555 0100");
      }
      fields.check();
      return change(tenant, caregiverId, (id, replyTo) -> new Caregiver.UpdateProfile(displayName, phone, caregiver.subject(), replyTo));
    }));
  }

  private Route availability(String tenant, String caregiverId, Principal caller) {
    return jsonBody(body -> validated(() -> {
      Fields fields = new Fields();
      Optional<Availability> availability = fields.parsed("availability", fields.text(body, "", "availability", 16, true),
          text -> Availability.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_')), "available, on-break or offline");
      fields.check();
      return change(tenant, caregiverId, (id, replyTo) -> new Caregiver.SetAvailability(availability.orElseThrow(), caller.subject(), replyTo));
    }));
  }

  private Route change(String tenant, String caregiverId, BiFunction<String, ActorRef<StatusReply<Profile>>, Caregiver.Command> command) {
    CompletionStage<Profile> profile = Asks.askWithStatus(
        api.entities().caregiver(tenant, caregiverId), replyTo -> command.apply(caregiverId, replyTo), api.scheduler());
    return reply(profile.thenApply(p -> Json.ok(Views.caregiver(p))));
  }
}
