package org.surgecare.http.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.surgecare.core.common.Role;

/** The signed-in caller, from a verified access token. */
public record Principal(String subject, String tenant, Set<Role> roles, String name, Instant expiresAt) {
  public Principal {
    roles = Set.copyOf(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  public boolean hasAny(Role... any) {
    for (Role role : any) {
      if (roles.contains(role)) {
        return true;
      }
    }
    return false;
  }

  /** Provider, support or admin: staff who see every visit of their tenant. */
  public boolean caregiver() {
    return roles.stream().anyMatch(Role::caregiver);
  }

  /** A patient and nothing else: what they read is their own and is not audited. */
  public boolean onlyPatient() {
    return roles.equals(Set.of(Role.PATIENT));
  }

  /** The role the caller acts in on a visit: staff first (as provider, support, admin), else patient. */
  public Optional<Role> visitRole() {
    return Stream.of(Role.PROVIDER, Role.SUPPORT, Role.ADMIN, Role.PATIENT).filter(roles::contains).findFirst();
  }

  /** The roles as sorted slugs, comma-separated, for logs and the audit trail. */
  public String roleNames() {
    return roles.stream().map(Role::slug).sorted().collect(Collectors.joining(","));
  }
}
