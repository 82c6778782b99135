package dev.lockstep.domain.identity;

import dev.lockstep.domain.TenantId;
import java.util.Optional;

/** Reads of sessions outside any unit of work. */
public interface SessionQueries {

    /**
     * The tenant a token's session belongs to, read without locks: only a routing hint for {@link
     * SessionStore#deleteByToken}, which decides inside a unit of that tenant.
     */
    Optional<TenantId> tenantOfToken(String tokenHash);
}
