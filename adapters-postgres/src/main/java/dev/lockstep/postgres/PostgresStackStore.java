package dev.lockstep.postgres;

import dev.lockstep.application.LockWaits;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.stack.EnvPatch;
import dev.lockstep.domain.stack.EnvStep;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.stack.Stack;
import dev.lockstep.domain.stack.StackErrors;
import dev.lockstep.domain.stack.StackStatus;
import dev.lockstep.domain.stack.StackStore;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL {@link StackStore}: the stack writes of one unit, which already holds the tenant's
 * shared lock (lock order tenant → row). Statements that lock the stack's row first bound the wait
 * with {@code SET LOCAL lock_timeout} (the env lock timeout), except the teardown's, which does not
 * wait at all ({@code NOWAIT}); a lock not granted in time (SQLSTATE 55P03) becomes {@code
 * lock_timeout}, and the caller's transaction rolls back with nothing written.
 *
 * <p>The env merge is exactly three statements: {@link PgUnit#lockTimeoutSql}, {@link #SELECT_FOR_UPDATE},
 * the pure {@link EnvPatch#applyTo} in Java, {@link #UPDATE_ENV}; a batch of merges of one stack
 * ({@link #mergeEnvInOrder}) sends the same statements once for all of its patches. Status and existence are decided
 * on the row read under the lock, never on an earlier read.
 */
public final class PostgresStackStore implements StackStore, TenantOwnedStore {

    /**
     * Plain insert; the primary key (tenant_id, slug) turns a duplicate into stack_exists. A create
     * racing an uncommitted create of the same slug waits for it on the key (bounded by lock_timeout,
     * set just before), then fails as a duplicate.
     */
    static final String INSERT =
            """
      INSERT INTO stacks (tenant_id, slug, status, env, created_at, updated_at)
      VALUES (?, ?, 'active', ?::jsonb, ?, ?)
      """;

    /**
     * Takes the stack's row lock (waiting at most the transaction's lock_timeout) and reads what the
     * merge decides on: whether the row exists, its status, its env (and its createdAt, for the stack
     * each landed patch leaves, which the change feed records).
     */
    static final String SELECT_FOR_UPDATE =
            """
      SELECT status, env::text, created_at FROM stacks WHERE tenant_id = ? AND slug = ? FOR UPDATE
      """;

    /** Writes the merged env; the row is already locked by SELECT_FOR_UPDATE in this transaction. */
    static final String UPDATE_ENV =
            """
      UPDATE stacks SET env = ?::jsonb, updated_at = ? WHERE tenant_id = ? AND slug = ?
      """;

    /**
     * Turns the stack deleting; the UPDATE takes the row lock (bounded by lock_timeout), so it waits
     * for an in-flight merge, and a merge after it sees 'deleting' under its own lock. An already
     * deleting stack keeps its deleting_since (idempotent). Returns the row as it now is.
     */
    static final String MARK_DELETING =
            """
      UPDATE stacks
         SET status = 'deleting',
             deleting_since = COALESCE(deleting_since, ?),
             updated_at = CASE WHEN status = 'deleting' THEN updated_at ELSE ? END
       WHERE tenant_id = ? AND slug = ?
      RETURNING env::text, created_at, updated_at
      """;

    /**
     * The teardown: removes the row only if it is still deleting and due; a row already gone, active
     * or not due is left alone. It takes the row lock with NOWAIT, not under a lock_timeout: it runs
     * holding the tenant's shared lock, and a wait for the row here would make a purge queued behind
     * it wait as long. A held row fails at once with 55P03 ({@code lock_timeout}), and the teardown
     * comes again later.
     */
    static final String DELETE_DELETING =
            """
      DELETE FROM stacks
       WHERE (tenant_id, slug) IN (
             SELECT tenant_id, slug FROM stacks
              WHERE tenant_id = ? AND slug = ? AND status = 'deleting' AND deleting_since <= ?
                FOR UPDATE NOWAIT)
      """;

    /** The purge; runs under the tenant's exclusive lock, so no merge of this tenant is in flight. */
    static final String DELETE_TENANT = "DELETE FROM stacks WHERE tenant_id = ?";

    private final PgUnit unit;
    private final Clock clock;
    private final Duration envLockTimeout;

    PostgresStackStore(PgUnit unit, Clock clock, Duration envLockTimeout) {
        this.unit = unit;
        this.clock = clock;
        this.envLockTimeout = envLockTimeout;
    }

    @Override
    public Stack create(TenantId tenant, Slug slug, Map<String, String> env) {
        Instant now = now();
        return unit.run(c -> {
            unit.boundLockWaits(envLockTimeout);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setString(1, tenant.value());
                ps.setString(2, slug.value());
                ps.setString(3, PgJson.write(env));
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setTimestamp(5, Timestamp.from(now));
                ps.executeUpdate();
            } catch (SQLException e) {
                if (PgErrors.is(e, PgErrors.UNIQUE_VIOLATION)) {
                    throw StackErrors.exists(slug);
                }
                throw translate(e, slug);
            }
            return new Stack(tenant, slug, StackStatus.ACTIVE, env, now, now);
        });
    }

    /**
     * The group commit of several PATCHes: the same one SELECT … FOR UPDATE (bounded by the env lock
     * timeout) and at most one UPDATE as a lone merge, whatever the number of patches.
     */
    @Override
    public List<EnvStep> mergeEnvInOrder(TenantId tenant, Slug slug, List<EnvPatch> patches) {
        Stack current = lockActive(tenant, slug);
        Instant now = now();
        // each cap check before any write; each landed step carries the stack as it leaves it
        List<EnvStep> steps = EnvStep.applyInOrder(current, patches, now);
        if (EnvStep.anyLanded(steps)) {
            writeEnv(tenant, slug, EnvStep.finalEnv(current.env(), steps), now);
        }
        return steps;
    }

    /**
     * Takes the stack's row lock and returns the stack, deciding existence and status on the row read
     * under the lock.
     */
    private Stack lockActive(TenantId tenant, Slug slug) {
        Connection c = unit.connection();
        try {
            StackStatus status;
            Map<String, String> env;
            Instant createdAt;
            // SET LOCAL lock_timeout and the FOR UPDATE travel in one round trip (pgjdbc sends both
            // before one Sync): the bound is in force when the lock wait starts, at no extra latency
            try (PreparedStatement ps =
                    c.prepareStatement(PgUnit.lockTimeoutSql(envLockTimeout) + ";\n" + SELECT_FOR_UPDATE)) {
                ps.setString(1, tenant.value());
                ps.setString(2, slug.value());
                unit.awaitingLock(LockWaits.Kind.ROW, conn -> ps.execute()); // the SET LOCAL: no result set
                ps.getMoreResults();
                try (ResultSet rs = ps.getResultSet()) {
                    if (!rs.next()) {
                        throw StackErrors.notFound(slug);
                    }
                    status = StackStatus.fromWireName(rs.getString(1));
                    env = PgJson.readStringMap(rs.getString(2));
                    createdAt = rs.getTimestamp(3).toInstant();
                }
            }
            if (status == StackStatus.DELETING) {
                throw StackErrors.deleting(slug);
            }
            return new Stack(tenant, slug, status, env, createdAt, createdAt);
        } catch (SQLException e) {
            throw translate(e, slug);
        }
    }

    /** The UPDATE of the env; the row is locked already by {@link #lockActive} in this transaction. */
    private void writeEnv(TenantId tenant, Slug slug, Map<String, String> env, Instant now) {
        try (PreparedStatement ps = unit.connection().prepareStatement(UPDATE_ENV)) {
            ps.setString(1, PgJson.write(env));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, tenant.value());
            ps.setString(4, slug.value());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw translate(e, slug);
        }
    }

    @Override
    public Stack markDeleting(TenantId tenant, Slug slug) {
        Connection c = unit.connection();
        Instant now = now();
        try {
            unit.boundLockWaits(envLockTimeout);
            try (PreparedStatement ps = c.prepareStatement(MARK_DELETING)) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setString(3, tenant.value());
                ps.setString(4, slug.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw StackErrors.notFound(slug);
                    }
                    return new Stack(
                            tenant,
                            slug,
                            StackStatus.DELETING,
                            PgJson.readStringMap(rs.getString(1)),
                            rs.getTimestamp(2).toInstant(),
                            rs.getTimestamp(3).toInstant());
                }
            }
        } catch (SQLException e) {
            throw translate(e, slug);
        }
    }

    @Override
    public boolean removeDeleting(TenantId tenant, Slug slug, Instant deletingSinceAtOrBefore) {
        Connection c = unit.connection();
        try {
            try (PreparedStatement ps = c.prepareStatement(DELETE_DELETING)) {
                ps.setString(1, tenant.value());
                ps.setString(2, slug.value());
                ps.setTimestamp(3, Timestamp.from(deletingSinceAtOrBefore));
                return ps.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw translate(e, slug);
        }
    }

    @Override
    public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
        return unit.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(DELETE_TENANT)) {
                ps.setString(1, tenant.value());
                return Map.of(PurgeCategory.STACKS, (long) ps.executeUpdate());
            }
        });
    }

    /** The clock's time at the column's precision, so an answer and a later read agree. */
    private Instant now() {
        return Timestamps.now(clock);
    }

    /**
     * 55P03 here can only mean the stack's row lock was not granted: within lock_timeout, or at once
     * for the teardown's NOWAIT (the tenant lock is a try and never waits); the caller's transaction
     * then rolls back with nothing written.
     */
    private static RuntimeException translate(SQLException e, Slug slug) {
        if (PgErrors.is(e, PgErrors.LOCK_NOT_AVAILABLE)) {
            return StackErrors.lockTimeout(slug);
        }
        return PgErrors.translate(e);
    }
}
