package dev.lockstep.application.identity;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.identity.IdentityQueries;
import dev.lockstep.domain.identity.IdentityRef;
import jakarta.inject.Singleton;

/** {@code GET /identities}: active identities ordered by id, cursor = last id seen. */
@Singleton
public final class ListIdentities {
    private final IdentityQueries identities;

    public ListIdentities(IdentityQueries identities) {
        this.identities = identities;
    }

    /** @throws DomainException {@code validation_failed} for a cursor this server did not issue */
    public Page<Identity> list(TenantId tenant, PageRequest page) {
        if (page.cursor() == null) {
            return identities.list(tenant, page);
        }
        // canonical (lower-case) form, so that both adapters order and compare it the same way
        String cursor = IdentityRef.of(page.cursor())
                .asId()
                .map(Object::toString)
                .orElseThrow(() -> DomainException.validation("cursor", "is not a cursor this server issued"));
        return identities.list(tenant, new PageRequest(page.limit(), cursor));
    }
}
