package dev.lockstep.postgres;

import dev.lockstep.application.LockWaits;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeUnit;
import dev.lockstep.domain.tenant.TenantUnit;
import dev.lockstep.domain.tenant.UnitWork;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.TreeSet;

/**
 * The units of work both PostgreSQL tenant locks run, written once: a write takes every tenant's
 * shared lock in sorted order, then hands the work the unit's ports; a purge waits for the
 * exclusive lock under the purge lock timeout, lifts the bound once granted, then hands the work the
 * purge's ports. {@link PostgresTenantWriteLocks} and {@link PostgresRowTenantWriteLocks} differ only
 * in the statements that take the locks.
 */
final class PgTenantLockUnits {

    /**
     * A lock step of one tenant inside a unit. {@code boundLockWaits}, when not null, is the bound the
     * step must put on every later lock wait of the unit ({@code SET LOCAL lock_timeout}), ideally in
     * the same round trip as its own statement; it is given to the first step of a write unit.
     */
    @FunctionalInterface
    interface LockStep {
        void take(PgUnit unit, TenantId tenant, Duration boundLockWaits) throws SQLException;
    }

    private PgTenantLockUnits() {}

    /** Runs {@code work} holding the shared lock of every tenant, taken by {@code takeShared}. */
    static <T> T write(PgContext ctx, Collection<TenantId> tenants, LockStep takeShared, UnitWork<TenantUnit, T> work) {
        // sorted, so two multi-tenant writers never take the same locks in opposite orders
        TreeSet<TenantId> sorted = new TreeSet<>(tenants);
        return ctx.tx().inUnit(unit -> {
            // the first lock statement also bounds every later wait of the unit (a row lock, a unique
            // key an uncommitted insert holds, the tenant's log-sequence row at COMMIT)
            Duration bound = ctx.settings().rowLockWait();
            for (TenantId tenant : sorted) {
                takeShared.take(unit, tenant, bound);
                bound = null;
                unit.holding(tenant);
            }
            return work.run(new PostgresTenantUnit(unit, ctx));
        });
    }

    /**
     * Runs {@code work} holding the tenant's exclusive lock: {@code exclusiveSql} (one parameter,
     * {@code key}; it answers a row once granted) under the purge lock timeout, whose {@code 55P03}
     * means the in-flight writes did not drain. {@code granted} runs right after, in the unit.
     */
    static <T> T purge(
            PgContext ctx,
            TenantId tenant,
            String exclusiveSql,
            String key,
            LockStep granted,
            UnitWork<PurgeUnit, T> work) {
        return ctx.tx().inUnit(unit -> {
            unit.boundLockWaits(ctx.settings().purgeLockTimeout());
            try (PreparedStatement ps = unit.connection().prepareStatement(exclusiveSql)) {
                ps.setString(1, key);
                boolean found = unit.awaitingLock(LockWaits.Kind.TENANT, c -> {
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next();
                    }
                });
                if (!found) {
                    throw new IllegalStateException("no lock for tenant " + tenant.value());
                }
            } catch (SQLException e) {
                if (PgErrors.is(e, PgErrors.LOCK_NOT_AVAILABLE)) {
                    // expected: in-flight writes did not drain; the unit is rolled back
                    throw DomainException.purgeCouldNotDrain(tenant);
                }
                throw e;
            }
            // granted: the purge's own deletes must not be cut short
            unit.liftLockBound();
            unit.holding(tenant);
            granted.take(unit, tenant, null);
            return work.run(new PostgresPurgeUnit(unit, ctx));
        });
    }
}
