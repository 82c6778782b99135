package dev.lockstep.domain.log;

import dev.lockstep.domain.TenantId;
import java.util.List;

/** Reads of a tenant's deletion log and audit log by sequence cursor, outside any unit of work. */
public interface ChangeLogQueries {

    /** Deletion-log entries with {@code seq > afterSeq}, ascending, at most {@code limit}. */
    List<DeletionLogEntry> deletionsAfter(TenantId tenant, long afterSeq, int limit);

    /** Audit events with {@code seq > afterSeq}, ascending, at most {@code limit}. */
    List<AuditEvent> auditEventsAfter(TenantId tenant, long afterSeq, int limit);
}
