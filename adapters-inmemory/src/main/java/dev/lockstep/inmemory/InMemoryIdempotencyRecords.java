package dev.lockstep.inmemory;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.idempotency.IdempotencyRecords;
import dev.lockstep.domain.idempotency.IdempotencyScope;
import dev.lockstep.domain.idempotency.StoredAnswer;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The stored answers of requests with an {@code Idempotency-Key} in H2 ({@code idempotency_keys},
 * V2). The claim is a JVM key lock of the storage, tried without waiting and held until the unit
 * ends, as PostgreSQL's transaction-scoped advisory try-lock is.
 */
final class InMemoryIdempotencyRecords {

    InUnit in(InMemoryUnitOfWork unit) {
        return new InUnit(unit);
    }

    /** The key of a scope's claim; distinct from any row's key. */
    private record ClaimKey(String scope) {}

    /** The stored answers of one unit. */
    static final class InUnit extends UnitBound implements IdempotencyRecords, TenantOwnedStore {
        private InUnit(InMemoryUnitOfWork unit) {
            super(unit);
        }

        @Override
        public boolean tryClaim(IdempotencyScope scope) {
            return unit.tryLockKey(new ClaimKey(scope.lockName()));
        }

        @Override
        public Optional<StoredAnswer> find(IdempotencyScope scope, Instant now) {
            return Jdbc.first(
                    unit.connection(),
                    "SELECT fingerprint, status, body FROM idempotency_keys"
                            + " WHERE tenant_id = ? AND caller = ? AND idem_key = ? AND expires_at > ?",
                    rs -> new StoredAnswer(rs.getString("fingerprint"), rs.getInt("status"), rs.getString("body")),
                    scope.tenant().value(),
                    scope.caller(),
                    scope.key().value(),
                    now);
        }

        @Override
        public void save(IdempotencyScope scope, StoredAnswer answer, Instant createdAt, Instant expiresAt) {
            // under the claim the only row the scope can have is an expired one, which this overwrites
            Jdbc.update(
                    unit.connection(),
                    "MERGE INTO idempotency_keys (tenant_id, caller, idem_key, fingerprint, status, body, created_at,"
                            + " expires_at) KEY (tenant_id, caller, idem_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    scope.tenant().value(),
                    scope.caller(),
                    scope.key().value(),
                    answer.fingerprint(),
                    answer.status(),
                    answer.body(),
                    createdAt,
                    expiresAt);
        }

        /** The purge removes the tenant's stored answers; they are no category of its answer. */
        @Override
        public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
            Jdbc.update(unit.connection(), "DELETE FROM idempotency_keys WHERE tenant_id = ?", tenant.value());
            return Map.of();
        }
    }
}
