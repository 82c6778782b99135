package dev.lockstep.postgres;

import dev.lockstep.application.LockWaits;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeUnit;
import dev.lockstep.domain.tenant.TenantUnit;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import dev.lockstep.domain.tenant.UnitWork;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;

/**
 * Tenant write serialization on PostgreSQL, so that every instance sharing the database agrees:
 * transaction-scoped advisory locks on {@code hashtextextended('tenant_write|' || length(t) || ':'
 * || t, 0)}. Writers take it shared with a try; a purge takes it exclusively under a
 * {@code lock_timeout}. A queued exclusive request makes later shared tries fail (PostgreSQL checks
 * the wait queue), which is exactly "a queued purge refuses new writers".
 *
 * <p>Each method opens one transaction ({@link PgUnit}), takes the locks, hands the work the unit's
 * ports ({@link PostgresTenantUnit}), and commits — with the unit's log entries in the same round
 * trip as the COMMIT — or rolls back when the work throws.
 */
public final class PostgresTenantWriteLocks implements TenantWriteLocks {

    /**
     * The tenant gate: the shared lock with a try, as an SQL condition on the tenant's {@link
     * #lockKey} ({@code lockKey} is the SQL that gives it). Never waits; false while a purge holds the
     * exclusive lock or is queued for it. This is the one definition of the shared lock; every
     * statement that takes it is written with one of the two forms below, and
     * PostgresGatedCreateIsOneStatementTest fails for a gated create statement that lacks its form.
     */
    private static String gate(String lockKey) {
        return "pg_try_advisory_xact_lock_shared(hashtextextended(" + lockKey + ", 0))";
    }

    /**
     * {@link #gate} on a parameter, the {@link #lockKey}: the unit's {@link #TRY_SHARED}, and the
     * {@code WHERE} of a lone gated create ({@link PgGatedCreate}).
     */
    static final String TRY_SHARED_CONDITION = gate("?");

    /**
     * {@link #gate} on each row of a batch {@code v} by its {@code lock_key} column: the {@code WHERE}
     * of a batched gated create ({@link PgGatedCreate}), so a row goes in only when its tenant's lock
     * is granted.
     */
    static final String TRY_SHARED_OF_ROWS = gate("v.lock_key");

    /** Shared, with a try: never waits. One parameter, the {@link #lockKey}. */
    static final String TRY_SHARED = "SELECT " + TRY_SHARED_CONDITION;

    /** Exclusive, bounded by the transaction's lock_timeout set just before. */
    static final String EXCLUSIVE = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))";

    private final PgContext ctx;

    PostgresTenantWriteLocks(PgContext ctx) {
        this.ctx = ctx;
    }

    /** The advisory-lock key text of a tenant; hashed by the database with {@code hashtextextended}. */
    public static String lockKey(TenantId tenant) {
        return "tenant_write|" + tenant.value().length() + ":" + tenant.value();
    }

    @Override
    public <T> T write(Collection<TenantId> tenants, UnitWork<TenantUnit, T> work) {
        return PgTenantLockUnits.write(ctx, tenants, PostgresTenantWriteLocks::takeShared, work);
    }

    @Override
    public <T> T purge(TenantId tenant, UnitWork<PurgeUnit, T> work) {
        return PgTenantLockUnits.purge(ctx, tenant, EXCLUSIVE, lockKey(tenant), (unit, t, bound) -> {}, work);
    }

    /**
     * Takes the shared try-lock; with {@code boundLockWaits}, the unit's {@code SET LOCAL lock_timeout}
     * travels in the same round trip, so every later wait of the unit (a row lock, a unique key an
     * uncommitted insert holds) is bounded at no extra cost.
     */
    private static void takeShared(PgUnit unit, TenantId tenant, Duration boundLockWaits) throws SQLException {
        String sql = boundLockWaits == null ? TRY_SHARED : PgUnit.lockTimeoutSql(boundLockWaits) + ";\n" + TRY_SHARED;
        try (PreparedStatement ps = unit.connection().prepareStatement(sql)) {
            ps.setString(1, lockKey(tenant));
            boolean granted = unit.awaitingLock(
                    LockWaits.Kind.TENANT,
                    c -> {
                        ps.execute();
                        if (boundLockWaits != null) {
                            ps.getMoreResults(); // past the SET LOCAL, which has no result set
                            unit.lockWaitsBoundedInBand();
                        }
                        try (ResultSet rs = ps.getResultSet()) {
                            rs.next();
                            return rs.getBoolean(1);
                        }
                    },
                    taken -> taken);
            if (!granted) {
                throw DomainException.tenantWriteConflict(tenant);
            }
        }
    }
}
