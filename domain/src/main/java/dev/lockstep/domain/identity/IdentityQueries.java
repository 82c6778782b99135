package dev.lockstep.domain.identity;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import java.util.Optional;

/** Reads of identities, each one atomic read outside any unit of work. They see active identities only. */
public interface IdentityQueries {

    /**
     * The active identity {@code ref} names (an id match wins over an externalId match), with its
     * ratelimits, read in one statement.
     */
    Optional<Identity> find(TenantId tenant, IdentityRef ref);

    /** Active identities of the tenant ordered by id; the cursor is the last id of the previous page. */
    Page<Identity> list(TenantId tenant, PageRequest page);
}
