package dev.lockstep.application.identity;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.IdentityRef;
import dev.lockstep.domain.log.DeletionKind;
import java.util.List;
import java.util.UUID;

/**
 * {@code DELETE /identities/{ref}/sessions} (as after a credential change): removes every session of
 * the identity and records exactly the ones this call removed — a session a racing sign-out or
 * single delete took first is theirs to record.
 */
public final class RevokeAllSessions {
  private final StoragePorts storage;

  public RevokeAllSessions(StoragePorts storage) {
    this.storage = storage;
  }

  /**
   * @return how many sessions this call revoked
   * @throws DomainException {@code not_found}, {@code tenant_write_conflict}
   */
  public int revokeAll(TenantId tenant, String ref) {
    return storage
        .tenantWriteLocks()
        .write(
            tenant,
            () -> {
              UUID identityId =
                  storage.identities().find(tenant, IdentityRef.of(ref)).orElseThrow(() -> DomainException.notFound("identity")).id();
              List<UUID> removed = storage.sessions().deleteAllOf(tenant, identityId);
              storage.deletionLog().recordAll(tenant, DeletionKind.SESSION, removed.stream().map(UUID::toString).toList());
              return removed.size();
            });
  }
}
