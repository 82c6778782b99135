package dev.lockstep.inmemory;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.json.Json;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.AuditLog;
import dev.lockstep.domain.log.ChangeLogQueries;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLog;
import dev.lockstep.domain.log.DeletionLogEntry;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The deletion log and the audit log in memory. Entries are written in the unit of the change they
 * describe and appear when it commits, numbered then from one sequence per tenant shared by both
 * logs (as on PostgreSQL), so seq order is commit order and a rolled-back unit leaves none.
 */
final class InMemoryChangeLogs implements ChangeLogQueries {
    private final Clock clock;
    private final TenantLogEntries<DeletionLogEntry> deletions;
    private final TenantLogEntries<AuditEvent> events;

    InMemoryChangeLogs(Clock clock) {
        this.clock = clock;
        TenantSequences sequences = new TenantSequences();
        this.deletions = new TenantLogEntries<>(sequences);
        this.events = new TenantLogEntries<>(sequences);
    }

    @Override
    public List<DeletionLogEntry> deletionsAfter(TenantId tenant, long afterSeq, int limit) {
        return deletions.after(tenant, afterSeq, limit);
    }

    @Override
    public List<AuditEvent> auditEventsAfter(TenantId tenant, long afterSeq, int limit) {
        return events.after(tenant, afterSeq, limit);
    }

    DeletionsInUnit deletionLog(InMemoryUnitOfWork unit) {
        return new DeletionsInUnit(unit);
    }

    AuditInUnit auditLog(InMemoryUnitOfWork unit) {
        return new AuditInUnit(unit);
    }

    /** The deletion-log writes of one unit. */
    final class DeletionsInUnit extends UnitBound implements DeletionLog, TenantOwnedStore {
        private DeletionsInUnit(InMemoryUnitOfWork unit) {
            super(unit);
        }

        @Override
        public void record(TenantId tenant, DeletionKind kind, String id) {
            recordAll(tenant, kind, List.of(id));
        }

        @Override
        public void recordAll(TenantId tenant, DeletionKind kind, Collection<String> ids) {
            List<LongFunction<DeletionLogEntry>> makers = ids.stream()
                    .<LongFunction<DeletionLogEntry>>map(
                            id -> seq -> new DeletionLogEntry(seq, tenant, kind, id, Timestamps.now(clock)))
                    .toList();
            deletions.appendAfterCommit(unit, tenant, makers);
        }

        @Override
        public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
            deletions.purge(unit, tenant);
            return Map.of();
        }
    }

    /** The audit-log writes of one unit. */
    final class AuditInUnit extends UnitBound implements AuditLog, TenantOwnedStore {
        private AuditInUnit(InMemoryUnitOfWork unit) {
            super(unit);
        }

        @Override
        public void record(TenantId tenant, AuditAction action, String resourceId, Map<String, Object> details) {
            // a round trip through JSON gives callers the same value shapes as the PostgreSQL adapter
            Map<String, Object> stored = Json.parseObject(Json.write(details == null ? Map.of() : details));
            LongFunction<AuditEvent> maker =
                    seq -> new AuditEvent(seq, tenant, action, resourceId, Timestamps.now(clock), stored);
            events.appendAfterCommit(unit, tenant, List.of(maker));
        }

        @Override
        public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
            events.purge(unit, tenant);
            return Map.of();
        }
    }
}
