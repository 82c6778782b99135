package dev.lockstep.postgres;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeUnit;
import dev.lockstep.domain.tenant.TenantUnit;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import dev.lockstep.domain.tenant.UnitWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

/**
 * Tenant write serialization with a lock <b>row</b> per tenant ({@code lockstep.tenant.lock = row}):
 * the same rules as {@link PostgresTenantWriteLocks}, for setups where an advisory lock does not
 * serialize a tenant's writes — a tenant's writes entering through several nodes (Citus with several
 * coordinators) see one row in the tenant's shard, where they would see one advisory lock per node.
 *
 * <p>Writers take the row {@code FOR SHARE NOWAIT}; a purge takes it {@code FOR UPDATE} under its
 * {@code lock_timeout}. PostgreSQL's tuple locks alone do not refuse a new writer while a purge
 * waits: a {@code FOR SHARE} request is granted at once when the row's current lockers are all
 * sharers, even with a {@code FOR UPDATE} queued behind them (PostgresTupleLockQueueTest shows it). So
 * a purge first commits a row in {@code tenant_purge_queue} in a short statement of its own, and the
 * writers' gate refuses while such a row exists. The purge deletes it in its own transaction once
 * granted, or right after it gives up; {@code queued_until} bounds it if the instance dies between.
 *
 * <p>The lock row is made on the tenant's first write: when the gate finds no row, the unit is
 * rolled back, the row is inserted ({@code ON CONFLICT DO NOTHING}, autocommit) and the unit is run
 * once more. The row is never deleted, so this happens once per tenant.
 */
public final class PostgresRowTenantWriteLocks implements TenantWriteLocks {

    /**
     * The row tenant gate: the shared lock with a try, as a sub-select of the tenants' lock rows that
     * it takes {@code FOR SHARE}; a tenant's row is in it only while no purge of the tenant is queued
     * (a live {@code tenant_purge_queue} row) and none holds it. {@code tenants} picks the tenants;
     * {@code whenHeld} is what a row that a purge holds {@code FOR UPDATE} does. A tenant with no lock
     * row yet is not in it either. This is the one definition of the row lock's shared side; every
     * statement that takes it is written with one of the two forms below, and
     * PostgresRowGatedCreateIsOneStatementTest fails for a gated create statement that lacks its form.
     */
    private static String gate(String tenants, String whenHeld) {
        return """
                SELECT l.tenant_id FROM tenant_locks l
                 WHERE l.tenant_id %s
                   AND NOT EXISTS (SELECT 1 FROM tenant_purge_queue q
                                    WHERE q.tenant_id = l.tenant_id AND q.queued_until > clock_timestamp())
                   FOR SHARE OF l %s"""
                .formatted(tenants, whenHeld);
    }

    /**
     * {@link #gate} of one tenant, a unit's: one row when granted, none while a purge is queued (or
     * the tenant has no lock row yet), {@code 55P03} at once while a purge holds the row (NOWAIT). Its
     * one parameter is the tenant id.
     */
    static final String SHARED_GATE = gate("= ?", "NOWAIT");

    /**
     * {@link #gate} of the tenants of a batch {@code v} (its {@code tenant_id} column), a gated
     * create's ({@link PgGatedCreate}): a lock row a purge holds is skipped (SKIP LOCKED) rather than
     * failing the statement, which carries other tenants' rows.
     */
    static final String SHARED_GATE_OF_ROWS = gate("IN (SELECT v.tenant_id FROM v)", "SKIP LOCKED");

    /**
     * A unit's shared lock: whether the gate was granted, and whether the tenant has a lock row at
     * all, read in one statement so that both see the same snapshot (a lock row committed by a
     * concurrent first write in between would otherwise look like a queued purge). Parameters: the
     * tenant, twice.
     */
    static final String SHARED_IN_UNIT = "WITH gate AS (" + SHARED_GATE + ")\n"
            + "SELECT EXISTS (SELECT 1 FROM gate), EXISTS (SELECT 1 FROM tenant_locks WHERE tenant_id = ?)";

    /** Makes the lock rows of tenants that have none; no lock taken, no wait on committed rows. */
    static final String ENSURE = "INSERT INTO tenant_locks (tenant_id) SELECT unnest(?::text[]) ON CONFLICT DO NOTHING";

    /**
     * The purge's announcement, autocommit and before it queues: makes sure the lock row exists and
     * records the queued purge; from its commit on, every new writer's gate refuses.
     */
    static final String QUEUE =
            """
            WITH lock_row AS (INSERT INTO tenant_locks (tenant_id) VALUES (?) ON CONFLICT DO NOTHING)
            INSERT INTO tenant_purge_queue (tenant_id, purge_id, queued_until)
            VALUES (?, ?, clock_timestamp() + make_interval(secs => ?))""";

    /** Exclusive, bounded by the transaction's lock_timeout set just before. */
    static final String EXCLUSIVE = "SELECT 1 FROM tenant_locks WHERE tenant_id = ? FOR UPDATE";

    /** The purge's own queue row, and any left behind by a purge whose instance died. */
    static final String DEQUEUE =
            "DELETE FROM tenant_purge_queue WHERE tenant_id = ? AND (purge_id = ? OR queued_until < clock_timestamp())";

    /**
     * How long a queue row outlives the purge's lock bound: time enough for the purge to get its
     * connection and queue after announcing itself; past that a dead instance's row stops refusing.
     */
    static final double QUEUE_MARGIN_SECONDS = 5;

    private final PgContext ctx;

    PostgresRowTenantWriteLocks(PgContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public <T> T write(Collection<TenantId> tenants, UnitWork<TenantUnit, T> work) {
        try {
            return PgTenantLockUnits.write(ctx, tenants, PostgresRowTenantWriteLocks::takeShared, work);
        } catch (NoLockRow first) {
            // a first write of the tenant: make the rows (nothing ran), then once more
            ensureLockRows(ctx.tx(), tenants);
            return PgTenantLockUnits.write(ctx, tenants, PostgresRowTenantWriteLocks::takeShared, work);
        }
    }

    @Override
    public <T> T purge(TenantId tenant, UnitWork<PurgeUnit, T> work) {
        UUID purgeId = UUID.randomUUID();
        double queuedFor = ctx.settings().purgeLockTimeout().toMillis() / 1000.0 + QUEUE_MARGIN_SECONDS;
        ctx.tx().autocommit(c -> {
            try (PreparedStatement ps = c.prepareStatement(QUEUE)) {
                ps.setString(1, tenant.value());
                ps.setString(2, tenant.value());
                ps.setObject(3, purgeId);
                ps.setDouble(4, queuedFor);
                return ps.executeUpdate();
            }
        });
        try {
            // once granted, the row lock refuses writers: the queue row goes with the purge's commit
            return PgTenantLockUnits.purge(
                    ctx,
                    tenant,
                    EXCLUSIVE,
                    tenant.value(),
                    (unit, t, bound) -> dequeue(unit.connection(), t, purgeId),
                    work);
        } catch (RuntimeException e) {
            dequeueAfterFailure(tenant, purgeId, e);
            throw e;
        }
    }

    private void dequeueAfterFailure(TenantId tenant, UUID purgeId, RuntimeException failure) {
        try {
            ctx.tx().autocommit(c -> {
                dequeue(c, tenant, purgeId);
                return null;
            });
        } catch (RuntimeException e) {
            // the database is unreachable: the queue row stops refusing writers at its queued_until
            failure.addSuppressed(e);
        }
    }

    private static void dequeue(Connection c, TenantId tenant, UUID purgeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DEQUEUE)) {
            ps.setString(1, tenant.value());
            ps.setObject(2, purgeId);
            ps.executeUpdate();
        }
    }

    private static void takeShared(PgUnit unit, TenantId tenant, Duration boundLockWaits) throws SQLException {
        if (boundLockWaits != null) {
            unit.boundRowLockWaits(boundLockWaits);
        }
        boolean held;
        boolean known;
        try (PreparedStatement ps = unit.connection().prepareStatement(SHARED_IN_UNIT)) {
            ps.setString(1, tenant.value());
            ps.setString(2, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                held = rs.getBoolean(1);
                known = rs.getBoolean(2);
            }
        } catch (SQLException e) {
            if (PgErrors.is(e, PgErrors.LOCK_NOT_AVAILABLE)) {
                // a purge holds the row
                throw DomainException.tenantWriteConflict(tenant);
            }
            throw e;
        }
        if (!held) {
            if (known) {
                // a purge is queued
                throw DomainException.tenantWriteConflict(tenant);
            }
            throw new NoLockRow();
        }
    }

    /** Makes the lock rows of {@code tenants} that have none, in autocommit. */
    static void ensureLockRows(PgTransactions tx, Collection<TenantId> tenants) {
        String[] ids = tenants.stream().map(TenantId::value).toArray(String[]::new);
        tx.autocommit(c -> {
            try (PreparedStatement ps = c.prepareStatement(ENSURE)) {
                ps.setArray(1, c.createArrayOf("text", ids));
                return ps.executeUpdate();
            }
        });
    }

    /** The gate found no lock row: the tenant's first write. Thrown before the work runs. */
    private static final class NoLockRow extends RuntimeException {
        NoLockRow() {
            super("tenant has no lock row yet", null, false, false);
        }
    }
}
