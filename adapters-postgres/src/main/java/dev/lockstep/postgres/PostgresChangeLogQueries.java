package dev.lockstep.postgres;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.json.JsonObject;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.ChangeEntry;
import dev.lockstep.domain.log.ChangeLogQueries;
import dev.lockstep.domain.log.ChangeOp;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLogEntry;
import java.sql.PreparedStatement;
import java.util.List;

/**
 * Reads of the change logs {@link PostgresChangeLogs} writes, one autocommit statement each.
 *
 * <p>Positions come from transaction ids, which are not handed out in commit order: a transaction
 * may still commit an entry below one that is already visible. So a read returns only entries below
 * {@code lockstep_log_horizon()}, the first position of the oldest transaction of this database its
 * own snapshot sees running (never below {@code pg_snapshot_xmin}'s: transactions that backends of other
 * databases hold are skipped); everything below it has committed or rolled back, and every
 * transaction still to commit writes at or above it. An entry a reader has seen is never preceded by
 * one that appears later, which makes {@code ?after=seq} a safe cursor; an entry is held back only
 * while a transaction that started writing before it is still running. The horizon is evaluated once
 * per statement and bounds the primary-key range scan (tenant_id, seq).
 */
public final class PostgresChangeLogQueries implements ChangeLogQueries {

    /** The removals only, by the partial index deletion_log_deletions (tenant_id, seq), below the horizon. */
    static final String DELETIONS_AFTER = "SELECT seq, kind, id, deleted_at FROM deletion_log"
            + " WHERE tenant_id = ? AND op = 'delete' AND seq > ? AND seq < lockstep_log_horizon()"
            + " ORDER BY seq LIMIT ?";

    /** Every change (upserts and removals), by the primary key (tenant_id, seq), below the horizon. */
    static final String CHANGES_AFTER = "SELECT seq, kind, id, op, row_data::text FROM deletion_log"
            + " WHERE tenant_id = ? AND seq > ? AND seq < lockstep_log_horizon() ORDER BY seq LIMIT ?";

    /** By the primary key (tenant_id, seq), below the horizon. */
    static final String AUDIT_EVENTS_AFTER = "SELECT seq, action, resource_id, at, details::text FROM audit_log"
            + " WHERE tenant_id = ? AND seq > ? AND seq < lockstep_log_horizon() ORDER BY seq LIMIT ?";

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
    public List<ChangeEntry> changesAfter(TenantId tenant, long afterSeq, int limit) {
        return after(CHANGES_AFTER, tenant, afterSeq, limit, rs -> {
            String row = rs.getString(5);
            return new ChangeEntry(
                    rs.getLong(1),
                    tenant,
                    DeletionKind.fromWireName(rs.getString(2)),
                    rs.getString(3),
                    ChangeOp.fromWireName(rs.getString(4)),
                    row == null ? null : PgJson.readRow(row));
        });
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
                        JsonObject.of(PgJson.readObject(rs.getString(5))).members()));
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
