package dev.lockstep.application.identity;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.identity.IdentityDeletion;
import dev.lockstep.domain.identity.IdentityRef;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code DELETE /identities/{ref}}: soft-deletes the identity (one kept deleted generation per
 * externalId), revokes its sessions, and records each removal once plus one {@code identity.delete}
 * audit event — all in one unit of work under the tenant's shared lock. Concurrent deletes of one
 * identity serialize on its row: the first wins, the rest find no active identity and answer
 * {@code not_found} having recorded nothing.
 */
@Singleton
public final class DeleteIdentity {
    private final TenantWriteLocks locks;
    private final Clock clock;

    public DeleteIdentity(TenantWriteLocks locks, Clock clock) {
        this.locks = locks;
        this.clock = clock;
    }

    /** @throws DomainException {@code not_found}, {@code tenant_write_conflict} */
    public void delete(TenantId tenant, String ref) {
        locks.write(tenant, unit -> {
            IdentityDeletion deletion = unit.identities()
                    .softDelete(tenant, IdentityRef.of(ref), Timestamps.now(clock))
                    .orElseThrow(() -> DomainException.notFound("identity"));
            List<UUID> sessions = unit.sessions().deleteAllOf(tenant, deletion.softDeleted());
            for (IdentityDeletion.Entry e : deletion.deletionLogEntries()) {
                unit.deletionLog().record(tenant, e.kind(), e.id().toString());
            }
            unit.deletionLog()
                    .recordAll(
                            tenant,
                            DeletionKind.SESSION,
                            sessions.stream().map(UUID::toString).toList());
            unit.auditLog()
                    .record(
                            tenant,
                            AuditAction.IDENTITY_DELETE,
                            deletion.softDeleted().toString(),
                            Map.of(
                                    "sessionsRevoked",
                                    (long) sessions.size(),
                                    "olderGenerationRemoved",
                                    deletion.hardRemovedGeneration().isPresent()));
            return null;
        });
    }
}
