package dev.lockstep.domain.identity;

import dev.lockstep.domain.TenantId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions of identities, with refresh tokens stored only as SHA-256 hashes.
 *
 * <p>The writes of one unit of work ({@link dev.lockstep.domain.tenant.TenantUnit}). Each removal is decided by the removing statement itself, under the row's lock
 * ({@code DELETE … RETURNING}): a method returns exactly the sessions <i>this call</i>
 * removed, so when a concurrent bulk delete already took a row, the loser gets nothing back and
 * the caller records nothing. That is how each session is logged exactly once.
 */
public interface SessionStore {

    /**
     * Stores a new session of an identity the caller has locked with
     * {@link IdentityStore#lockActive}.
     *
     * @param tokenHash {@link RefreshToken#hash()} of the new session's token
     */
    Session create(TenantId tenant, Session session, String tokenHash);

    /** Removes one session of the identity; {@code true} only for the call that removed it. */
    boolean delete(TenantId tenant, UUID identityId, UUID sessionId);

    /** Removes every session of the identity; returns the ids this call removed. */
    List<UUID> deleteAllOf(TenantId tenant, UUID identityId);

    /** Removes the session with that token hash in the tenant; its id only for the call that removed it. */
    Optional<UUID> deleteByToken(TenantId tenant, String tokenHash);
}
