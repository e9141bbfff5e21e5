package org.surgecare.http.auth;

import java.time.Instant;
import java.util.Set;
import org.surgecare.core.Role;

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
}
