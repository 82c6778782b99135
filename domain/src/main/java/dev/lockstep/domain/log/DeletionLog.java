package dev.lockstep.domain.log;

import dev.lockstep.domain.TenantId;
import java.util.Collection;
import java.util.List;

/**
 * The change feed for external sync: every row removed from tenant-owned data, exactly once.
 *
 * <p>{@code record*} must run inside a {@link dev.lockstep.domain.tenant.TenantWriteLocks} unit of
 * work, so the entry commits (or vanishes) with the removal. Sequence numbers are strictly
 * increasing per tenant in commit-visible order: a reader that has seen {@code seq = n} never later
 * sees a new entry with a smaller seq, so {@code after} is a safe cursor.
 */
public interface DeletionLog {

    void record(TenantId tenant, DeletionKind kind, String id);

    /** Records one entry per id, in iteration order, with consecutive sequence numbers. */
    void recordAll(TenantId tenant, DeletionKind kind, Collection<String> ids);

    /** Entries with {@code seq > afterSeq}, ascending, at most {@code limit}. */
    List<DeletionLogEntry> after(TenantId tenant, long afterSeq, int limit);
}
