package dev.lockstep.domain.log;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.json.JsonObject;
import java.util.Collection;

/**
 * The tenant's change feed for external sync: every row removed from tenant-owned data, exactly once
 * (the deletion log), and every row created or updated, with the row as it is after the write
 * ({@link #upserted}). Both halves are one sequence: a removal is one entry, with one {@code seq},
 * read by {@link ChangeLogQueries#deletionsAfter} and {@link ChangeLogQueries#changesAfter} alike.
 *
 * <p>Written in the unit of work of the change ({@link dev.lockstep.domain.tenant.TenantUnit}), so
 * the entry commits (or vanishes) with it. Sequence numbers are strictly increasing per tenant in
 * commit-visible order, with gaps: a reader that has seen {@code seq = n} never later sees a new
 * entry with a smaller seq, so {@code ?after=seq} is a safe cursor. A unit's entries of one tenant
 * are numbered in the order they were recorded.
 */
public interface DeletionLog {

    void record(TenantId tenant, DeletionKind kind, String id);

    /** Records one entry per id, with sequence numbers increasing in iteration order. */
    void recordAll(TenantId tenant, DeletionKind kind, Collection<String> ids);

    /**
     * Records that the row {@code (kind, id)} of {@code tenant} was created or updated and is now
     * {@code row} (rendered by {@link ChangeRows}); a change feed entry only, never a deletion-log one.
     *
     * @throws IllegalArgumentException for {@link DeletionKind#TENANT}, which is only ever deleted
     */
    void upserted(TenantId tenant, DeletionKind kind, String id, JsonObject row);
}
