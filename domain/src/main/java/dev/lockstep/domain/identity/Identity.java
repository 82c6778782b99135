package dev.lockstep.domain.identity;

import dev.lockstep.domain.TenantId;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An active identity as every route shows it, with its ratelimits ordered by name. Deleted
 * generations are never handed out.
 */
public record Identity(
    UUID id,
    TenantId tenantId,
    ExternalId externalId,
    IdentityMeta meta,
    List<Ratelimit> ratelimits,
    Instant createdAt,
    Instant updatedAt) {

  /** The one order of ratelimits in every answer, on every adapter. */
  public static final Comparator<Ratelimit> RATELIMIT_ORDER = Comparator.comparing(Ratelimit::name);

  public Identity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(externalId, "externalId");
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    ratelimits = ratelimits.stream().sorted(RATELIMIT_ORDER).toList();
  }
}
