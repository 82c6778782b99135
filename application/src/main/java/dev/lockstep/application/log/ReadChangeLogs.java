package dev.lockstep.application.log;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.ChangeEntry;
import dev.lockstep.domain.log.ChangeLogQueries;
import dev.lockstep.domain.log.DeletionLogEntry;
import jakarta.inject.Singleton;
import java.util.List;

/** Reads the deletion log and the audit log of a tenant with a {@code seq} cursor. */
@Singleton
public final class ReadChangeLogs {
    private final ChangeLogQueries logs;

    public ReadChangeLogs(ChangeLogQueries logs) {
        this.logs = logs;
    }

    public record Deletions(List<DeletionLogEntry> items, long nextSeq) {}

    public record AuditEvents(List<AuditEvent> items, long nextSeq) {}

    public record Changes(List<ChangeEntry> items, long nextSeq) {}

    /** {@code nextSeq} is the last returned seq, or {@code after} when nothing new: pass it back as {@code after}. */
    public Deletions deletions(TenantId tenant, long after, int limit) {
        check(after, limit);
        List<DeletionLogEntry> items = logs.deletionsAfter(tenant, after, limit);
        return new Deletions(
                items, items.isEmpty() ? after : items.get(items.size() - 1).seq());
    }

    /**
     * The change feed: every committed create, update and delete, on the deletion log's sequence and
     * with its cursor rule ({@code nextSeq} as {@link #deletions}).
     */
    public Changes changes(TenantId tenant, long after, int limit) {
        check(after, limit);
        List<ChangeEntry> items = logs.changesAfter(tenant, after, limit);
        return new Changes(
                items, items.isEmpty() ? after : items.get(items.size() - 1).seq());
    }

    public AuditEvents auditEvents(TenantId tenant, long after, int limit) {
        check(after, limit);
        List<AuditEvent> items = logs.auditEventsAfter(tenant, after, limit);
        return new AuditEvents(
                items, items.isEmpty() ? after : items.get(items.size() - 1).seq());
    }

    private static void check(long after, int limit) {
        if (after < 0) {
            throw DomainException.validation("after", "must be >= 0");
        }
        new PageRequest(limit, null); // the one rule for list limits (1..100)
    }
}
