package dev.lockstep.domain.stack;

import dev.lockstep.domain.TenantId;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A stack as read: its env is an immutable map sorted by name, so both storages answer in the same
 * order.
 */
public record Stack(
    TenantId tenant, Slug slug, StackStatus status, Map<String, String> env, Instant createdAt, Instant updatedAt) {
  public Stack {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    env = Collections.unmodifiableSortedMap(new TreeMap<>(env));
  }
}
