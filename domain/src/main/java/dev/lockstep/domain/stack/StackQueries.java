package dev.lockstep.domain.stack;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads of stacks, each one atomic read outside any unit of work. */
public interface StackQueries {

    /** The stack, in any status; empty once torn down. */
    Optional<Stack> find(TenantId tenant, Slug slug);

    /** The tenant's stacks in slug order; the cursor is the last slug of the previous page. */
    Page<Stack> list(TenantId tenant, PageRequest page);

    /**
     * Stacks of every tenant that are {@code deleting} since {@code atOrBefore} or earlier, oldest
     * first, at most {@code limit}. A plain read: the teardown re-checks under the lock.
     */
    List<StackRef> deletingSince(Instant atOrBefore, int limit);
}
