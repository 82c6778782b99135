package dev.lockstep.application.identity;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.identity.IdentityQueries;
import dev.lockstep.domain.identity.IdentityRef;
import jakarta.inject.Singleton;

/** {@code GET /identities/{ref}}: one read, id match first. */
@Singleton
public final class GetIdentity {
    private final IdentityQueries identities;

    public GetIdentity(IdentityQueries identities) {
        this.identities = identities;
    }

    /** @throws DomainException {@code not_found} */
    public Identity get(TenantId tenant, String ref) {
        return identities.find(tenant, IdentityRef.of(ref)).orElseThrow(() -> DomainException.notFound("identity"));
    }
}
