package dev.lockstep.application.log;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.DeletionLogEntry;
import java.util.List;

/** Reads the deletion log and the audit log of a tenant with a {@code seq} cursor. */
public final class ReadChangeLogs {
    private final StoragePorts storage;

    public ReadChangeLogs(StoragePorts storage) {
        this.storage = storage;
    }

    public record Deletions(List<DeletionLogEntry> items, long nextSeq) {}

    public record AuditEvents(List<AuditEvent> items, long nextSeq) {}

    /** {@code nextSeq} is the last returned seq, or {@code after} when nothing new: pass it back as {@code after}. */
    public Deletions deletions(TenantId tenant, long after, int limit) {
        check(after, limit);
        List<DeletionLogEntry> items = storage.deletionLog().after(tenant, after, limit);
        return new Deletions(
                items, items.isEmpty() ? after : items.get(items.size() - 1).seq());
    }

    public AuditEvents auditEvents(TenantId tenant, long after, int limit) {
        check(after, limit);
        List<AuditEvent> items = storage.auditLog().after(tenant, after, limit);
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
