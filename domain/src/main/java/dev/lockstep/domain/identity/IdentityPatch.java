package dev.lockstep.domain.identity;

import dev.lockstep.domain.DomainException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code PATCH /identities/{ref}}: a new {@code meta} (replacing the old object) and/or a new
 * ratelimit set (replace semantics, see {@link RatelimitSet#replace}). Absent parts stay as they are.
 *
 * @param idsForNewRatelimits ids drawn in advance for ratelimits whose name is new, at least one per
 *     requested ratelimit (the unused ones are simply not used), so a store needs no id port
 */
public record IdentityPatch(
        Optional<IdentityMeta> meta, Optional<List<RatelimitSpec>> ratelimits, List<UUID> idsForNewRatelimits) {
    public IdentityPatch {
        meta = meta == null ? Optional.empty() : meta;
        ratelimits = ratelimits == null ? Optional.empty() : ratelimits.map(RatelimitSet::requireValid);
        idsForNewRatelimits = idsForNewRatelimits == null ? List.of() : List.copyOf(idsForNewRatelimits);
        if (meta.isEmpty() && ratelimits.isEmpty()) {
            throw DomainException.validation("body", "give meta and/or ratelimits");
        }
        if (ratelimits.isPresent()
                && idsForNewRatelimits.size() < ratelimits.get().size()) {
            throw new IllegalArgumentException("one fresh id per requested ratelimit is needed");
        }
    }

    /** The ratelimit replacement this patch makes of {@code current} (none when it leaves them). */
    public RatelimitSet.Replacement ratelimitReplacement(List<Ratelimit> current, Instant now) {
        if (ratelimits.isEmpty()) {
            return new RatelimitSet.Replacement(current, List.of(), List.of(), List.of());
        }
        Iterator<UUID> fresh = idsForNewRatelimits.iterator();
        return RatelimitSet.replace(current, ratelimits.get(), fresh::next, now);
    }
}
