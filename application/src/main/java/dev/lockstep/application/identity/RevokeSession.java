package dev.lockstep.application.identity;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.IdentityRef;
import dev.lockstep.domain.log.DeletionKind;
import java.util.UUID;

/**
 * {@code DELETE /identities/{ref}/sessions/{sessionId}}. The removing statement decides: when a
 * concurrent revoke-all or sign-out already took the session, this call removes nothing, records
 * nothing and answers {@code not_found} — the expected race, not an error.
 */
public final class RevokeSession {
  private final StoragePorts storage;

  public RevokeSession(StoragePorts storage) {
    this.storage = storage;
  }

  /** @throws DomainException {@code not_found}, {@code tenant_write_conflict} */
  public void revoke(TenantId tenant, String ref, String sessionId) {
    UUID id = IdentityRef.of(sessionId).asId().orElseThrow(() -> DomainException.notFound("session"));
    storage
        .tenantWriteLocks()
        .writeVoid(
            tenant,
            () -> {
              UUID identityId =
                  storage.identities().find(tenant, IdentityRef.of(ref)).orElseThrow(() -> DomainException.notFound("identity")).id();
              if (!storage.sessions().delete(tenant, identityId, id)) {
                throw DomainException.notFound("session");
              }
              storage.deletionLog().record(tenant, DeletionKind.SESSION, id.toString());
            });
  }
}
