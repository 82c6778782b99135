package dev.lockstep.application.identity;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.identity.IdentityRef;

/** {@code GET /identities/{ref}}: one read, id match first. */
public final class GetIdentity {
  private final StoragePorts storage;

  public GetIdentity(StoragePorts storage) {
    this.storage = storage;
  }

  /** @throws DomainException {@code not_found} */
  public Identity get(TenantId tenant, String ref) {
    return storage.identities().find(tenant, IdentityRef.of(ref)).orElseThrow(() -> DomainException.notFound("identity"));
  }
}
