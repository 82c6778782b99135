package dev.lockstep.postgres;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.json.Json;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.AuditLog;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLog;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The deletion log and the audit log of one unit of work. Entries are buffered in the unit and
 * written in the same round trip as its COMMIT, one statement per tenant and log, numbered from the
 * tenant's row in {@code tenant_log_seq}. That row stays locked until the commit, so the next
 * transaction of the same tenant gets its numbers only after this one is visible: seq order is
 * commit-visible order, which is what makes {@code ?after=seq} a safe cursor. Taking the row last
 * keeps it locked only for the commit itself; tenants are flushed in sorted order, so two
 * multi-tenant transactions cannot deadlock on it. Read through {@link PostgresChangeLogQueries}.
 */
public final class PostgresChangeLogs implements DeletionLog, AuditLog, TenantOwnedStore {

    /** Reserve {@code n} numbers (row lock until commit) and insert the entries numbered from them. */
    private static final String INSERT_DELETIONS =
            """
      WITH s AS (
        INSERT INTO tenant_log_seq AS t (tenant_id, last_seq) VALUES (?, ?)
        ON CONFLICT (tenant_id) DO UPDATE SET last_seq = t.last_seq + EXCLUDED.last_seq
        RETURNING last_seq)
      INSERT INTO deletion_log (tenant_id, seq, kind, id, deleted_at)
      SELECT ?, s.last_seq - ? + x.ord, x.kind, x.id, ?
        FROM s, unnest(?::text[], ?::text[]) WITH ORDINALITY AS x(kind, id, ord)
      """;

    private static final String INSERT_AUDIT =
            """
      WITH s AS (
        INSERT INTO tenant_log_seq AS t (tenant_id, last_seq) VALUES (?, ?)
        ON CONFLICT (tenant_id) DO UPDATE SET last_seq = t.last_seq + EXCLUDED.last_seq
        RETURNING last_seq)
      INSERT INTO audit_log (tenant_id, seq, action, resource_id, at, details)
      SELECT ?, s.last_seq - ? + x.ord, x.action, x.resource_id, ?, x.details::jsonb
        FROM s, unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS x(action, resource_id, details, ord)
      """;

    private final PgUnit unit;
    private final Clock clock;
    private Buffer buffer;

    PostgresChangeLogs(PgUnit unit, Clock clock) {
        this.unit = unit;
        this.clock = clock;
    }

    @Override
    public void record(TenantId tenant, DeletionKind kind, String id) {
        buffer().deletions.computeIfAbsent(tenant, t -> new ArrayList<>()).add(new PendingDeletion(kind, id));
    }

    @Override
    public void recordAll(TenantId tenant, DeletionKind kind, Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<PendingDeletion> list = buffer().deletions.computeIfAbsent(tenant, t -> new ArrayList<>());
        for (String id : ids) {
            list.add(new PendingDeletion(kind, id));
        }
    }

    @Override
    public void record(TenantId tenant, AuditAction action, String resourceId, Map<String, Object> details) {
        buffer().audit
                .computeIfAbsent(tenant, t -> new ArrayList<>())
                .add(new PendingAudit(action.wireName(), resourceId, Json.write(details == null ? Map.of() : details)));
    }

    /** Empties both logs of a tenant (the purge); the sequence row stays so cursors remain valid. */
    @Override
    public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
        return unit.run(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM deletion_log WHERE tenant_id = ?");
                    PreparedStatement a = c.prepareStatement("DELETE FROM audit_log WHERE tenant_id = ?")) {
                d.setString(1, tenant.value());
                d.executeUpdate();
                a.setString(1, tenant.value());
                a.executeUpdate();
            }
            if (buffer != null) {
                buffer.deletions.remove(tenant);
                buffer.audit.remove(tenant);
            }
            return Map.<PurgeCategory, Long>of();
        });
    }

    private Buffer buffer() {
        if (buffer == null) {
            buffer = new Buffer();
            unit.sendWithCommit(buffer);
        }
        return buffer;
    }

    private record PendingDeletion(DeletionKind kind, String id) {}

    private record PendingAudit(String action, String resourceId, String detailsJson) {}

    /**
     * The entries buffered in one unit. They travel with COMMIT as one insert per tenant and log,
     * tenants in sorted order, so the seq rows are locked in one global order and held only for the
     * commit itself.
     */
    private final class Buffer implements PgUnit.WithCommit {
        final TreeMap<TenantId, List<PendingDeletion>> deletions = new TreeMap<>();
        final TreeMap<TenantId, List<PendingAudit>> audit = new TreeMap<>();

        private TreeSet<TenantId> tenants() {
            TreeSet<TenantId> tenants = new TreeSet<>(deletions.keySet());
            tenants.addAll(audit.keySet());
            return tenants;
        }

        @Override
        public String sql() {
            StringBuilder sql = new StringBuilder();
            for (TenantId tenant : tenants()) {
                if (!deletions.getOrDefault(tenant, List.of()).isEmpty()) {
                    sql.append(sql.length() == 0 ? "" : ";\n").append(INSERT_DELETIONS.strip());
                }
                if (!audit.getOrDefault(tenant, List.of()).isEmpty()) {
                    sql.append(sql.length() == 0 ? "" : ";\n").append(INSERT_AUDIT.strip());
                }
            }
            return sql.toString();
        }

        @Override
        public void bind(PreparedStatement ps) throws SQLException {
            Connection c = ps.getConnection();
            Timestamp now = Timestamp.from(Timestamps.now(clock));
            int i = 1;
            for (TenantId tenant : tenants()) {
                List<PendingDeletion> ds = deletions.getOrDefault(tenant, List.of());
                if (!ds.isEmpty()) {
                    i = bindSeq(ps, i, tenant, ds.size(), now);
                    i = bindText(ps, c, i, ds.stream().map(d -> d.kind().wireName()));
                    i = bindText(ps, c, i, ds.stream().map(PendingDeletion::id));
                }
                List<PendingAudit> as = audit.getOrDefault(tenant, List.of());
                if (!as.isEmpty()) {
                    i = bindSeq(ps, i, tenant, as.size(), now);
                    i = bindText(ps, c, i, as.stream().map(PendingAudit::action));
                    i = bindText(ps, c, i, as.stream().map(PendingAudit::resourceId));
                    i = bindText(ps, c, i, as.stream().map(PendingAudit::detailsJson));
                }
            }
        }

        /** The tenant, the count reserved, the tenant and count again for the numbering, the time. */
        private static int bindSeq(PreparedStatement ps, int i, TenantId tenant, int n, Timestamp now)
                throws SQLException {
            ps.setString(i++, tenant.value());
            ps.setLong(i++, n);
            ps.setString(i++, tenant.value());
            ps.setLong(i++, n);
            ps.setTimestamp(i++, now);
            return i;
        }

        private static int bindText(PreparedStatement ps, Connection c, int i, Stream<String> values)
                throws SQLException {
            ps.setArray(i, c.createArrayOf("text", values.toArray()));
            return i + 1;
        }
    }
}
