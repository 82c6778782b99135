package dev.lockstep.domain.stack;

import java.util.Objects;
import dev.lockstep.domain.TenantId;

/** Which stack, across tenants: what the teardown job works through. */
public record StackRef(TenantId tenant, Slug slug) {
  public StackRef {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(slug, "slug");
  }
}
