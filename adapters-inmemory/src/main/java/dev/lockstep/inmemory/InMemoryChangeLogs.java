package dev.lockstep.inmemory;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.json.JsonObject;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.AuditLog;
import dev.lockstep.domain.log.ChangeEntry;
import dev.lockstep.domain.log.ChangeLogQueries;
import dev.lockstep.domain.log.ChangeOp;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLog;
import dev.lockstep.domain.log.DeletionLogEntry;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The change feed (deletions and upserts, in the table {@code deletion_log}; the deletion log is its
 * {@code op = 'delete'} entries) and the audit log in H2. Entries are written in the unit of the change they
 * describe and numbered just before its COMMIT from one counter of the storage, shared by both logs
 * and every tenant ({@link InMemoryLogPositions}); a rolled-back unit leaves none. Two units, of one
 * tenant or not, never wait for each other to number or commit their entries, so a unit may commit
 * after one that numbered its entries later: a read returns only a tenant's entries below the
 * position of its oldest unit still committing, so a reader never sees a position that a later
 * commit could still precede.
 */
final class InMemoryChangeLogs implements ChangeLogQueries {
    private final Clock clock;
    private final InMemoryDatabase db;
    private final InMemoryLogPositions positions;

    InMemoryChangeLogs(Clock clock, InMemoryDatabase db, InMemoryLogPositions positions) {
        this.clock = clock;
        this.db = db;
        this.positions = positions;
    }

    @Override
    public List<DeletionLogEntry> deletionsAfter(TenantId tenant, long afterSeq, int limit) {
        long horizon = positions.horizon(tenant); // before the read: what is below it has committed
        return db.read(c -> Jdbc.query(
                c,
                // ordered as the primary key (tenant_id, seq), so H2 reads the page off the index in order
                "SELECT seq, kind, id, deleted_at FROM deletion_log WHERE tenant_id = ? AND op = 'delete'"
                        + " AND seq > ? AND seq < ? ORDER BY tenant_id, seq LIMIT ?",
                rs -> new DeletionLogEntry(
                        rs.getLong("seq"),
                        tenant,
                        DeletionKind.fromWireName(rs.getString("kind")),
                        rs.getString("id"),
                        Jdbc.instant(rs, "deleted_at")),
                tenant.value(),
                afterSeq,
                horizon,
                limit));
    }

    @Override
    public List<ChangeEntry> changesAfter(TenantId tenant, long afterSeq, int limit) {
        long horizon = positions.horizon(tenant); // before the read: what is below it has committed
        return db.read(c -> Jdbc.query(
                c,
                "SELECT seq, kind, id, op, row_data FROM deletion_log WHERE tenant_id = ? AND seq > ? AND seq < ?"
                        + " ORDER BY tenant_id, seq LIMIT ?",
                rs -> {
                    String row = rs.getString("row_data");
                    return new ChangeEntry(
                            rs.getLong("seq"),
                            tenant,
                            DeletionKind.fromWireName(rs.getString("kind")),
                            rs.getString("id"),
                            ChangeOp.fromWireName(rs.getString("op")),
                            row == null ? null : H2Json.row(row));
                },
                tenant.value(),
                afterSeq,
                horizon,
                limit));
    }

    @Override
    public List<AuditEvent> auditEventsAfter(TenantId tenant, long afterSeq, int limit) {
        long horizon = positions.horizon(tenant); // before the read: what is below it has committed
        return db.read(c -> Jdbc.query(
                c,
                "SELECT seq, action, resource_id, at, details FROM audit_log WHERE tenant_id = ? AND seq > ?"
                        + " AND seq < ? ORDER BY tenant_id, seq LIMIT ?",
                rs -> new AuditEvent(
                        rs.getLong("seq"),
                        tenant,
                        AuditAction.fromWireName(rs.getString("action")),
                        rs.getString("resource_id"),
                        Jdbc.instant(rs, "at"),
                        H2Json.object(rs.getString("details"))),
                tenant.value(),
                afterSeq,
                horizon,
                limit));
    }

    DeletionsInUnit deletionLog(InMemoryUnitOfWork unit) {
        return new DeletionsInUnit(unit);
    }

    AuditInUnit auditLog(InMemoryUnitOfWork unit) {
        return new AuditInUnit(unit);
    }

    /**
     * The change-feed entry of a row created or updated, to log in the unit that writes it ({@link
     * InMemoryUnitOfWork#log}); {@code row} as {@link dev.lockstep.domain.log.ChangeRows} renders it.
     */
    static InMemoryUnitOfWork.LogEntry upsert(
            TenantId tenant, DeletionKind kind, String id, JsonObject row, Instant at) {
        if (kind == DeletionKind.TENANT) {
            throw new IllegalArgumentException("a tenant is only ever deleted (purged)");
        }
        return new Change(tenant, kind, id, ChangeOp.UPSERT, H2Json.write(row.members()), at);
    }

    /** One change-feed entry: a deletion ({@code row} null) or an upsert with its row as JSON text. */
    private record Change(TenantId tenant, DeletionKind kind, String id, ChangeOp op, String row, Instant at)
            implements InMemoryUnitOfWork.LogEntry {
        static Change delete(TenantId tenant, DeletionKind kind, String id, Instant at) {
            return new Change(tenant, kind, id, ChangeOp.DELETE, null, at);
        }

        @Override
        public void insert(Connection c, long seq) {
            Jdbc.update(
                    c,
                    "INSERT INTO deletion_log (tenant_id, seq, kind, id, deleted_at, op, row_data)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    tenant.value(),
                    seq,
                    kind.wireName(),
                    id,
                    at,
                    op.wireName(),
                    row);
        }
    }

    private record Audit(TenantId tenant, AuditAction action, String resourceId, Instant at, String details)
            implements InMemoryUnitOfWork.LogEntry {
        @Override
        public void insert(Connection c, long seq) {
            Jdbc.update(
                    c,
                    "INSERT INTO audit_log (tenant_id, seq, action, resource_id, at, details) VALUES (?, ?, ?, ?, ?, ?)",
                    tenant.value(),
                    seq,
                    action.wireName(),
                    resourceId,
                    at,
                    details);
        }
    }

    /** The change-feed writes (deletions and upserts) of one unit. */
    final class DeletionsInUnit extends UnitBound implements DeletionLog, TenantOwnedStore {
        private DeletionsInUnit(InMemoryUnitOfWork unit) {
            super(unit);
        }

        @Override
        public void record(TenantId tenant, DeletionKind kind, String id) {
            unit.log(Change.delete(tenant, kind, id, Timestamps.now(clock)));
        }

        @Override
        public void upserted(TenantId tenant, DeletionKind kind, String id, JsonObject row) {
            unit.log(upsert(tenant, kind, id, row, Timestamps.now(clock)));
        }

        @Override
        public void recordAll(TenantId tenant, DeletionKind kind, Collection<String> ids) {
            Instant now = Timestamps.now(clock);
            for (String id : ids) {
                unit.log(Change.delete(tenant, kind, id, now));
            }
        }

        @Override
        public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
            Jdbc.update(unit.connection(), "DELETE FROM deletion_log WHERE tenant_id = ?", tenant.value());
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
            // normalized as the PostgreSQL adapter stores them, so callers read the same value shapes
            Map<String, Object> stored =
                    JsonObject.of(details == null ? Map.of() : details).members();
            unit.log(new Audit(tenant, action, resourceId, Timestamps.now(clock), H2Json.write(stored)));
        }

        @Override
        public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
            Jdbc.update(unit.connection(), "DELETE FROM audit_log WHERE tenant_id = ?", tenant.value());
            return Map.of();
        }
    }
}
