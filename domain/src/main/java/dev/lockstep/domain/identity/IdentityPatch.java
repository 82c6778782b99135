package dev.lockstep.domain.identity;

import dev.lockstep.domain.DomainException;
import java.util.List;
import java.util.Optional;

/**
 * {@code PATCH /identities/{ref}}: a new {@code meta} (replacing the old object) and/or a new
 * ratelimit set (replace semantics, see {@link RatelimitSet#replace}). Absent parts stay as they are.
 */
public record IdentityPatch(Optional<IdentityMeta> meta, Optional<List<RatelimitSpec>> ratelimits) {
  public IdentityPatch {
    meta = meta == null ? Optional.empty() : meta;
    ratelimits = ratelimits == null ? Optional.empty() : ratelimits.map(RatelimitSet::requireValid);
    if (meta.isEmpty() && ratelimits.isEmpty()) {
      throw DomainException.validation("body", "give meta and/or ratelimits");
    }
  }
}
