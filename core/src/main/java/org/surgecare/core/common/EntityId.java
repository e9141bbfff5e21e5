package org.surgecare.core.common;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A sharded entity's id: the tenant and the key within it, so that every entity belongs to one tenant. Keys come
 * from outside (token subjects, caregiver ids) and are percent-encoded in the joined form, which therefore never
 * holds the separator or the characters persistence ids reserve.
 */
public record EntityId(String tenant, String key) {
  private static final char SEPARATOR = ':';

  public EntityId {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(key, "key");
    if (!tenant.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException("a tenant id is lower-case letters, digits and '-': " + tenant);
    }
  }

  public static EntityId parse(String entityId) {
    int at = entityId.indexOf(SEPARATOR);
    if (at <= 0) {
      throw new IllegalArgumentException("not a tenant-scoped entity id: " + entityId);
    }
    return new EntityId(entityId.substring(0, at), URLDecoder.decode(entityId.substring(at + 1), StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return tenant + SEPARATOR + URLEncoder.encode(key, StandardCharsets.UTF_8);
  }
}
