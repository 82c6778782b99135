package dev.lockstep.postgres;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.json.JsonObject;
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
 * written in the same round trip as its COMMIT, one statement per tenant (both logs in it).
 *
 * <p>Positions ({@code seq}) come from the transaction's own id, not from a row the tenant's writes
 * share: an entry's seq is {@code lockstep_log_position(pg_current_xact_id())} plus its ordinal among
 * the unit's entries of that tenant ({@value #BLOCK} per id, both logs counted together, deletions
 * first, each log in the order it was recorded). So two units of one tenant never wait for each
 * other to number their entries. Ids are not assigned in commit order; {@link
 * PostgresChangeLogQueries} returns only entries below {@code lockstep_log_horizon()}, the position
 * of the oldest transaction of this database its snapshot still sees running, which is what keeps
 * {@code ?after=seq} a safe cursor (migration {@code V9}).
 *
 * <p>A tenant's entries beyond the first {@value #BLOCK} of the unit take further blocks, one per
 * {@value #BLOCK}: each is written inside a {@code SAVEPOINT} whose first write, a row of {@code
 * log_position_blocks}, gives that subtransaction an id of its own (higher than the unit's, unique to
 * it), and is numbered from that id. Those rows are deleted again in the same round trip.
 *
 * <p>The entries are sent with COMMIT only after the unit's own statements, and every unit takes its
 * tenant locks before it writes anything, so a writer that commits after a purge has a higher id
 * than the purge: its entries follow the purge's {@code tenant} entry.
 */
public final class PostgresChangeLogs implements DeletionLog, AuditLog, TenantOwnedStore {

    /** Positions per transaction (or subtransaction) id: the {@code << 16} of {@code lockstep_log_position}. */
    static final int BLOCK = 1 << 16;

    /** The first position of the unit's own block. */
    private static final String TOP_BLOCK = "SELECT lockstep_log_position(pg_current_xact_id()) AS floor";

    /**
     * The first position of a further block: the row written here assigns the surrounding
     * subtransaction its id, which its xmin is.
     */
    private static final String SUBTRANSACTION_BLOCK =
            "INSERT INTO log_position_blocks (top_xid) VALUES (pg_current_xact_id())"
                    + " RETURNING lockstep_log_block_position(xmin) AS floor";

    /** The deletions of one tenant and block: tenant, time, kinds, ids; ordinals from 0. */
    private static final String INSERT_DELETIONS =
            """
      INSERT INTO deletion_log (tenant_id, seq, kind, id, deleted_at)
      SELECT ?, p.floor + x.ord - 1, x.kind, x.id, ?
        FROM p, unnest(?::text[], ?::text[]) WITH ORDINALITY AS x(kind, id, ord)""";

    /** The audit events of one tenant and block: tenant, first ordinal, time, actions, resources, details. */
    private static final String INSERT_AUDIT =
            """
      INSERT INTO audit_log (tenant_id, seq, action, resource_id, at, details)
      SELECT ?, p.floor + ? + x.ord - 1, x.action, x.resource_id, ?, x.details::jsonb
        FROM p, unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS x(action, resource_id, details, ord)""";

    private static final String SAVEPOINT = "SAVEPOINT lockstep_log_block";
    private static final String RELEASE = "RELEASE SAVEPOINT lockstep_log_block";
    private static final String DELETE_BLOCK_ROWS =
            "DELETE FROM log_position_blocks WHERE top_xid = pg_current_xact_id()";

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
                .add(new PendingAudit(
                        action.wireName(),
                        resourceId,
                        PgJson.write(JsonObject.of(details == null ? Map.of() : details)
                                .members())));
    }

    /**
     * Empties both logs of a tenant (the purge). Cursors stay valid: positions come from transaction
     * ids, so the purge's own entries, and every later one, lie above every position removed here.
     */
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
     * The entries buffered in one unit. They travel with COMMIT as one statement per tenant and block
     * of positions, tenants in sorted order; they take no lock any other writer of the tenant needs.
     */
    private final class Buffer implements PgUnit.WithCommit {
        final TreeMap<TenantId, List<PendingDeletion>> deletions = new TreeMap<>();
        final TreeMap<TenantId, List<PendingAudit>> audit = new TreeMap<>();

        private TreeSet<TenantId> tenants() {
            TreeSet<TenantId> tenants = new TreeSet<>(deletions.keySet());
            tenants.addAll(audit.keySet());
            return tenants;
        }

        /**
         * The statements, in the order they are sent: per tenant, its entries (deletions first) cut
         * into blocks of {@value #BLOCK}, the first numbered from the unit's id, each further one from
         * a subtransaction's.
         */
        private List<Block> blocks() {
            List<Block> blocks = new ArrayList<>();
            for (TenantId tenant : tenants()) {
                List<PendingDeletion> ds = deletions.getOrDefault(tenant, List.of());
                List<PendingAudit> as = audit.getOrDefault(tenant, List.of());
                int total = ds.size() + as.size();
                for (int from = 0; from < total; from += BLOCK) {
                    int to = Math.min(total, from + BLOCK);
                    blocks.add(new Block(
                            tenant,
                            from > 0,
                            ds.subList(Math.min(from, ds.size()), Math.min(to, ds.size())),
                            as.subList(Math.max(0, from - ds.size()), Math.max(0, to - ds.size()))));
                }
            }
            return blocks;
        }

        @Override
        public String sql() {
            StringBuilder sql = new StringBuilder();
            boolean further = false;
            for (Block block : blocks()) {
                if (block.further()) {
                    append(sql, SAVEPOINT);
                    further = true;
                }
                append(sql, block.sql());
                if (block.further()) {
                    append(sql, RELEASE);
                }
            }
            if (further) {
                append(sql, DELETE_BLOCK_ROWS);
            }
            return sql.toString();
        }

        private static void append(StringBuilder sql, String statement) {
            sql.append(sql.length() == 0 ? "" : ";\n").append(statement);
        }

        @Override
        public void bind(PreparedStatement ps) throws SQLException {
            Connection c = ps.getConnection();
            Timestamp now = Timestamp.from(Timestamps.now(clock));
            int i = 1;
            for (Block block : blocks()) {
                List<PendingDeletion> ds = block.deletions();
                if (!ds.isEmpty()) {
                    ps.setString(i++, block.tenant().value());
                    ps.setTimestamp(i++, now);
                    i = bindText(ps, c, i, ds.stream().map(d -> d.kind().wireName()));
                    i = bindText(ps, c, i, ds.stream().map(PendingDeletion::id));
                }
                List<PendingAudit> as = block.audit();
                if (!as.isEmpty()) {
                    ps.setString(i++, block.tenant().value());
                    ps.setLong(i++, ds.size()); // the audit events follow the block's deletions
                    ps.setTimestamp(i++, now);
                    i = bindText(ps, c, i, as.stream().map(PendingAudit::action));
                    i = bindText(ps, c, i, as.stream().map(PendingAudit::resourceId));
                    i = bindText(ps, c, i, as.stream().map(PendingAudit::detailsJson));
                }
            }
        }

        private static int bindText(PreparedStatement ps, Connection c, int i, Stream<String> values)
                throws SQLException {
            ps.setArray(i, c.createArrayOf("text", values.toArray()));
            return i + 1;
        }
    }

    /**
     * The entries of one tenant numbered from one id: the unit's own ({@code further} false) or a
     * subtransaction's. At most {@value #BLOCK}, at least one.
     */
    private record Block(TenantId tenant, boolean further, List<PendingDeletion> deletions, List<PendingAudit> audit) {

        /** One statement: the block's first position, then its deletions and its audit events from it. */
        String sql() {
            String floor = "WITH p AS (" + (further ? SUBTRANSACTION_BLOCK : TOP_BLOCK) + ")";
            if (deletions.isEmpty()) {
                return floor + "\n" + INSERT_AUDIT;
            }
            if (audit.isEmpty()) {
                return floor + "\n" + INSERT_DELETIONS;
            }
            return floor + ", d AS (\n" + INSERT_DELETIONS + ")\n" + INSERT_AUDIT;
        }
    }
}
