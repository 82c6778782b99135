package dev.lockstep.postgres;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.idempotency.IdempotencyRecords;
import dev.lockstep.domain.idempotency.IdempotencyScope;
import dev.lockstep.domain.idempotency.StoredAnswer;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL {@link IdempotencyRecords} of one unit: the stored answers in {@code idempotency_keys}
 * (V8). The claim is a transaction-scoped advisory try-lock on the scope, so it is held until the
 * unit commits or rolls back, on every server instance of the database, and it never waits.
 */
public final class PostgresIdempotencyRecords implements IdempotencyRecords, TenantOwnedStore {

    /**
     * The scope's claim: a transaction-scoped advisory lock, tried (never waits), taken after the
     * tenant lock(s) and before any row lock. The parameter is {@link IdempotencyScope#lockName()}.
     */
    static final String TRY_CLAIM = "SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))";

    /** No lock: run after the claim, in a new statement, so it sees whatever the claim's last holder committed. */
    static final String FIND =
            """
            SELECT fingerprint, status, body FROM idempotency_keys
             WHERE tenant_id = ? AND caller = ? AND idem_key = ? AND expires_at > ?""";

    /**
     * Under the claim: the only row that can already exist for the scope is an expired one (a live
     * one was found and replayed), which this overwrites. Takes the row's lock until the commit.
     */
    static final String SAVE =
            """
            INSERT INTO idempotency_keys AS r
                   (tenant_id, caller, idem_key, fingerprint, status, body, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, caller, idem_key) DO UPDATE
               SET fingerprint = EXCLUDED.fingerprint, status = EXCLUDED.status, body = EXCLUDED.body,
                   created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at""";

    /** Runs only under the tenant's exclusive lock (the purge). */
    static final String PURGE = "DELETE FROM idempotency_keys WHERE tenant_id = ?";

    private final PgUnit unit;

    PostgresIdempotencyRecords(PgUnit unit) {
        this.unit = unit;
    }

    @Override
    public boolean tryClaim(IdempotencyScope scope) {
        unit.requireHeld(scope.tenant());
        return unit.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(TRY_CLAIM)) {
                ps.setString(1, scope.lockName());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }

    @Override
    public Optional<StoredAnswer> find(IdempotencyScope scope, Instant now) {
        return unit.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, scope.tenant().value());
                ps.setString(2, scope.caller());
                ps.setString(3, scope.key().value());
                ps.setObject(4, PgRows.ts(now));
                return PgRows.first(
                        ps,
                        rs -> new StoredAnswer(rs.getString("fingerprint"), rs.getInt("status"), rs.getString("body")));
            }
        });
    }

    @Override
    public void save(IdempotencyScope scope, StoredAnswer answer, Instant createdAt, Instant expiresAt) {
        unit.requireHeld(scope.tenant());
        unit.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(SAVE)) {
                ps.setString(1, scope.tenant().value());
                ps.setString(2, scope.caller());
                ps.setString(3, scope.key().value());
                ps.setString(4, answer.fingerprint());
                ps.setInt(5, answer.status());
                ps.setString(6, answer.body());
                ps.setObject(7, PgRows.ts(createdAt));
                ps.setObject(8, PgRows.ts(expiresAt));
                return ps.executeUpdate();
            }
        });
    }

    /** The purge removes the tenant's stored answers; they are no category of its answer. */
    @Override
    public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
        unit.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(PURGE)) {
                ps.setString(1, tenant.value());
                return ps.executeUpdate();
            }
        });
        return Map.of();
    }
}
