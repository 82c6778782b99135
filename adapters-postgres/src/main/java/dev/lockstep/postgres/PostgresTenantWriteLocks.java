package dev.lockstep.postgres;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Tenant write serialization on PostgreSQL, so that every instance sharing the database agrees:
 * transaction-scoped advisory locks on {@code hashtextextended('tenant_write|' || length(t) || ':'
 * || t, 0)}. Writers take it shared with a try; a purge takes it exclusively under a
 * {@code lock_timeout}. A queued exclusive request makes later shared tries fail (PostgreSQL checks
 * the wait queue), which is exactly "a queued purge refuses new writers".
 */
public final class PostgresTenantWriteLocks implements TenantWriteLocks {

    /** Shared, with a try: never waits. */
    static final String TRY_SHARED = "SELECT pg_try_advisory_xact_lock_shared(hashtextextended(?, 0))";

    /** Exclusive, bounded by the transaction's lock_timeout set just before. */
    static final String EXCLUSIVE = "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))";

    private static final Object HELD = new Object();

    private final PgTransactions tx;
    private final Duration purgeLockTimeout;

    public PostgresTenantWriteLocks(PgTransactions tx, Duration purgeLockTimeout) {
        this.tx = tx;
        this.purgeLockTimeout = purgeLockTimeout;
    }

    /** The advisory-lock key text of a tenant; hashed by the database with {@code hashtextextended}. */
    public static String lockKey(TenantId tenant) {
        return "tenant_write|" + tenant.value().length() + ":" + tenant.value();
    }

    @Override
    public <T> T write(TenantId tenant, Supplier<T> work) {
        return tx.inTransaction(c -> {
            takeShared(c, tenant);
            return work.get();
        });
    }

    @Override
    public <T> T write(Collection<TenantId> tenants, Supplier<T> work) {
        TreeSet<TenantId> sorted = new TreeSet<>(tenants);
        return tx.inTransaction(c -> {
            for (TenantId tenant : sorted) {
                takeShared(c, tenant);
            }
            return work.get();
        });
    }

    @Override
    public <T> T purge(TenantId tenant, Supplier<T> work) {
        return tx.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '" + Math.max(1, purgeLockTimeout.toMillis()) + "ms'");
            }
            try (PreparedStatement ps = c.prepareStatement(EXCLUSIVE)) {
                ps.setString(1, lockKey(tenant));
                ps.executeQuery().close();
            } catch (SQLException e) {
                if (PgErrors.is(e, PgErrors.LOCK_NOT_AVAILABLE)) {
                    // expected: in-flight writes did not drain; the transaction is rolled back by the caller
                    throw DomainException.purgeCouldNotDrain(tenant);
                }
                throw e;
            }
            // granted: the purge's own deletes must not be cut short
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = 0");
            }
            held().add(tenant);
            return work.get();
        });
    }

    /** Takes the shared try-lock inside the current transaction (idempotent within it). */
    void takeShared(Connection c, TenantId tenant) throws SQLException {
        Set<TenantId> held = held();
        if (held.contains(tenant)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(TRY_SHARED)) {
            ps.setString(1, lockKey(tenant));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw DomainException.tenantWriteConflict(tenant);
                }
            }
        }
        held.add(tenant);
    }

    private Set<TenantId> held() {
        return tx.required().attribute(HELD, HashSet::new);
    }
}
