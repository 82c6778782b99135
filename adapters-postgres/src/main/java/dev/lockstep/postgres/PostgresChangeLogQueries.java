package dev.lockstep.postgres;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.json.Json;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.ChangeLogQueries;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLogEntry;
import java.sql.PreparedStatement;
import java.util.List;

/** Reads of the change logs {@link PostgresChangeLogs} writes, one autocommit statement each. */
public final class PostgresChangeLogQueries implements ChangeLogQueries {

    /** By the primary key (tenant_id, seq). */
    static final String DELETIONS_AFTER =
            "SELECT seq, kind, id, deleted_at FROM deletion_log WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?";

    /** By the primary key (tenant_id, seq). */
    static final String AUDIT_EVENTS_AFTER =
            "SELECT seq, action, resource_id, at, details::text FROM audit_log WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?";

    private final PgTransactions tx;

    PostgresChangeLogQueries(PgTransactions tx) {
        this.tx = tx;
    }

    @Override
    public List<DeletionLogEntry> deletionsAfter(TenantId tenant, long afterSeq, int limit) {
        return after(
                DELETIONS_AFTER,
                tenant,
                afterSeq,
                limit,
                rs -> new DeletionLogEntry(
                        rs.getLong(1),
                        tenant,
                        DeletionKind.fromWireName(rs.getString(2)),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant()));
    }

    @Override
    public List<AuditEvent> auditEventsAfter(TenantId tenant, long afterSeq, int limit) {
        return after(
                AUDIT_EVENTS_AFTER,
                tenant,
                afterSeq,
                limit,
                rs -> new AuditEvent(
                        rs.getLong(1),
                        tenant,
                        AuditAction.fromWireName(rs.getString(2)),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        Json.parseObject(rs.getString(5))));
    }

    private <T> List<T> after(String sql, TenantId tenant, long afterSeq, int limit, PgRows.RowMapper<T> mapper) {
        return tx.autocommit(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, tenant.value());
                ps.setLong(2, afterSeq);
                ps.setInt(3, limit);
                return PgRows.all(ps, mapper);
            }
        });
    }
}
