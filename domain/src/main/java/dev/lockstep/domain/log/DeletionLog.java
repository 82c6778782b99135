package dev.lockstep.domain.log;

import dev.lockstep.domain.TenantId;
import java.util.Collection;

/**
 * The change feed for external sync: every row removed from tenant-owned data, exactly once.
 *
 * <p>Written in the unit of work of the removal ({@link dev.lockstep.domain.tenant.TenantUnit}), so
 * the entry commits (or vanishes) with it. Sequence numbers are strictly increasing per tenant in
 * commit-visible order, with gaps: a reader that has seen {@code seq = n} never later sees a new
 * entry with a smaller seq, so {@link ChangeLogQueries#deletionsAfter} is a safe cursor.
 */
public interface DeletionLog {

    void record(TenantId tenant, DeletionKind kind, String id);

    /** Records one entry per id, with sequence numbers increasing in iteration order. */
    void recordAll(TenantId tenant, DeletionKind kind, Collection<String> ids);
}
