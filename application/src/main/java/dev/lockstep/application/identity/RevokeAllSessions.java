package dev.lockstep.application.identity;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.IdentityRef;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;

/**
 * {@code DELETE /identities/{ref}/sessions} (as after a credential change): removes every session of
 * the identity and records exactly the ones this call removed — a session a racing sign-out or
 * single delete took first is theirs to record.
 */
@Singleton
public final class RevokeAllSessions {
    private final TenantWriteLocks locks;

    public RevokeAllSessions(TenantWriteLocks locks) {
        this.locks = locks;
    }

    /**
     * @return how many sessions this call revoked
     * @throws DomainException {@code not_found}, {@code tenant_write_conflict}
     */
    public int revokeAll(TenantId tenant, String ref) {
        return locks.write(tenant, unit -> {
            UUID identityId = unit.identities()
                    .lockActive(tenant, IdentityRef.of(ref))
                    .orElseThrow(() -> DomainException.notFound("identity"));
            List<UUID> removed = unit.sessions().deleteAllOf(tenant, identityId);
            unit.deletionLog()
                    .recordAll(
                            tenant,
                            DeletionKind.SESSION,
                            removed.stream().map(UUID::toString).toList());
            return removed.size();
        });
    }
}
