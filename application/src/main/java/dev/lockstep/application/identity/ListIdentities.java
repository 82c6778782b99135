package dev.lockstep.application.identity;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.identity.IdentityRef;

/** {@code GET /identities}: active identities ordered by id, cursor = last id seen. */
public final class ListIdentities {
  private final StoragePorts storage;

  public ListIdentities(StoragePorts storage) {
    this.storage = storage;
  }

  /** @throws DomainException {@code validation_failed} for a cursor this server did not issue */
  public Page<Identity> list(TenantId tenant, PageRequest page) {
    if (page.cursor() == null) {
      return storage.identities().list(tenant, page);
    }
    // canonical (lower-case) form, so that both adapters order and compare it the same way
    String cursor =
        IdentityRef.of(page.cursor())
            .asId()
            .map(Object::toString)
            .orElseThrow(() -> DomainException.validation("cursor", "is not a cursor this server issued"));
    return storage.identities().list(tenant, new PageRequest(page.limit(), cursor));
  }
}
