package org.surgecare.core;

import java.util.Objects;

/** A sharded entity's id: the tenant and the key within it, joined so that every entity belongs to one tenant. */
public record EntityId(String tenant, String key) {
  private static final char SEPARATOR = '|';

  public EntityId {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(key, "key");
    if (tenant.indexOf(SEPARATOR) >= 0) {
      throw new IllegalArgumentException("a tenant id cannot contain " + SEPARATOR);
    }
  }

  public static EntityId parse(String entityId) {
    int at = entityId.indexOf(SEPARATOR);
    if (at <= 0) {
      throw new IllegalArgumentException("not a tenant-scoped entity id: " + entityId);
    }
    return new EntityId(entityId.substring(0, at), entityId.substring(at + 1));
  }

  @Override
  public String toString() {
    return tenant + SEPARATOR + key;
  }
}
