package dev.lockstep.domain.log;

import dev.lockstep.domain.TenantId;
import java.util.List;

/**
 * Reads of a tenant's change feed, deletion log and audit log by sequence cursor, outside any unit of
 * work. All three read one sequence, below the same horizon: no entry is returned while a unit that
 * could still commit an entry below it is running.
 */
public interface ChangeLogQueries {

    /** Deletion-log entries with {@code seq > afterSeq}, ascending, at most {@code limit}. */
    List<DeletionLogEntry> deletionsAfter(TenantId tenant, long afterSeq, int limit);

    /** Change-feed entries (upserts and deletions) with {@code seq > afterSeq}, ascending, at most {@code limit}. */
    List<ChangeEntry> changesAfter(TenantId tenant, long afterSeq, int limit);

    /** Audit events with {@code seq > afterSeq}, ascending, at most {@code limit}. */
    List<AuditEvent> auditEventsAfter(TenantId tenant, long afterSeq, int limit);
}
