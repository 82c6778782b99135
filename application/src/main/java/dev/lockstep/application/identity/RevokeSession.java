package dev.lockstep.application.identity;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.IdentityRef;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * {@code DELETE /identities/{ref}/sessions/{sessionId}}. The removing statement decides: when a
 * concurrent revoke-all or sign-out already took the session, this call removes nothing, records
 * nothing and answers {@code not_found} — the expected race, not an error.
 */
@Singleton
public final class RevokeSession {
    private final TenantWriteLocks locks;

    public RevokeSession(TenantWriteLocks locks) {
        this.locks = locks;
    }

    /** @throws DomainException {@code validation_failed} (a malformed session id), {@code not_found}, {@code tenant_write_conflict} */
    public void revoke(TenantId tenant, String ref, String sessionId) {
        UUID id = IdentityRef.of(sessionId)
                .asId()
                .orElseThrow(() -> DomainException.validation("sessionId", "must be a session id (a UUID)"));
        locks.write(tenant, unit -> {
            UUID identityId = unit.identities()
                    .lockActive(tenant, IdentityRef.of(ref))
                    .orElseThrow(() -> DomainException.notFound("identity"));
            if (!unit.sessions().delete(tenant, identityId, id)) {
                throw DomainException.notFound("session");
            }
            unit.deletionLog().record(tenant, DeletionKind.SESSION, id.toString());
            return null;
        });
    }
}
