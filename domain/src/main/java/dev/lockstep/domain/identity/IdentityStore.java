package dev.lockstep.domain.identity;

import dev.lockstep.domain.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Port family "identity deletion": identity writes of one unit of work ({@link
 * dev.lockstep.domain.tenant.TenantUnit}), with the soft-delete-with-one-generation rule ({@link
 * IdentityDeletion}). Writes record nothing in the change logs themselves: they return what they
 * removed and the caller records exactly that, in the same unit. A row held by another unit is waited
 * for at most the storage's row-lock bound, then the write fails with the retryable
 * {@code lock_timeout}.
 */
public interface IdentityStore {

    /**
     * Inserts a new active identity with its ratelimits.
     *
     * @return the identity as stored
     * @throws dev.lockstep.domain.DomainException {@code identity_exists} when an active identity of
     *     the tenant has that externalId
     */
    Identity create(Identity identity);

    /**
     * Applies {@code patch} to the active identity {@code ref} names, holding its row lock, and returns
     * the identity as it is after the change, built from the state inside the unit (no re-read). A
     * ratelimit whose name is new takes its id from {@link IdentityPatch#idsForNewRatelimits()}.
     *
     * @return the updated identity, the ratelimits the replacement removed and those it inserted or
     *     changed (the caller records them), or empty when no active identity matches
     */
    Optional<Updated> update(TenantId tenant, IdentityRef ref, IdentityPatch patch, Instant now);

    /** The result of {@link #update}. */
    record Updated(Identity identity, List<UUID> removedRatelimits, List<Ratelimit> upsertedRatelimits) {
        public Updated {
            removedRatelimits = List.copyOf(removedRatelimits);
            upsertedRatelimits = List.copyOf(upsertedRatelimits);
        }

        /** {@code replacement}'s outcome for {@code identity}: what it removed, and what it inserted or changed. */
        public static Updated of(Identity identity, RatelimitSet.Replacement replacement) {
            List<Ratelimit> upserted = new java.util.ArrayList<>(replacement.inserted());
            upserted.addAll(replacement.changed());
            upserted.sort(Identity.RATELIMIT_ORDER);
            return new Updated(
                    identity, replacement.removed().stream().map(Ratelimit::id).toList(), upserted);
        }
    }

    /**
     * Soft-deletes the active identity {@code ref} names, applying the one-deleted-generation rule:
     * an older deleted generation of the same externalId (and its ratelimits) is removed for good
     * first, in the same unit. Concurrent deletes of one identity serialize on its row: exactly one
     * gets a result, the others get empty. Never fails because of the uniqueness of generations.
     *
     * @return what was removed, or empty when no active identity matches (already deleted, never existed)
     */
    Optional<IdentityDeletion> softDelete(TenantId tenant, IdentityRef ref, Instant now);

    /**
     * Locks the active identity {@code ref} names against a concurrent delete until the unit of work
     * ends (so rows hung onto it, like sessions, cannot outlive it) and returns its id.
     */
    Optional<UUID> lockActive(TenantId tenant, IdentityRef ref);
}
