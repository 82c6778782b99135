package dev.lockstep.domain.identity;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.RowLocks;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.ids.IdGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Port family "identity deletion": identities and their ratelimits, with the
 * soft-delete-with-one-generation rule ({@link IdentityDeletion}).
 *
 * <p>Every writing method must run inside {@link dev.lockstep.domain.tenant.TenantWriteLocks#write}
 * for the identity's tenant; it joins that unit of work (one transaction on PostgreSQL). Writes
 * record nothing in the change logs themselves: they return what they removed and the caller
 * records exactly that, in the same unit. Reads see only active identities.
 */
public interface IdentityStore {

    /**
     * How long a write waits for an identity's row lock (held only by another short write of the
     * same identity) before failing with the retryable {@code lock_timeout}.
     */
    Duration ROW_LOCK_TIMEOUT = RowLocks.WAIT_BOUND;

    /**
     * Inserts a new active identity with its ratelimits.
     *
     * @return the identity as stored
     * @throws dev.lockstep.domain.DomainException {@code identity_exists} when an active identity of
     *     the tenant has that externalId
     */
    Identity create(Identity identity);

    /**
     * The active identity {@code ref} names (an id match wins over an externalId match), with its
     * ratelimits, read in one statement.
     */
    Optional<Identity> find(TenantId tenant, IdentityRef ref);

    /** Active identities of the tenant ordered by id; the cursor is the last id of the previous page. */
    Page<Identity> list(TenantId tenant, PageRequest page);

    /**
     * Applies {@code patch} to the active identity {@code ref} names, holding its row lock, and returns
     * the identity as it is after the change, built from the state inside the unit (no re-read).
     *
     * @return the updated identity and the ratelimits the replacement removed (the caller records
     *     them), or empty when no active identity matches
     */
    Optional<Updated> update(TenantId tenant, IdentityRef ref, IdentityPatch patch, Instant now, IdGenerator ids);

    /** The result of {@link #update}. */
    record Updated(Identity identity, List<UUID> removedRatelimits) {
        public Updated {
            removedRatelimits = List.copyOf(removedRatelimits);
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
