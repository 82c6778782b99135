package dev.lockstep.inmemory;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.Session;
import dev.lockstep.domain.identity.SessionQueries;
import dev.lockstep.domain.identity.SessionStore;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions in H2. A removal is the in-memory form of {@code DELETE … RETURNING}: it takes the
 * session's JVM key (held until its unit's transaction has ended, waited for at most the row-lock
 * bound), then deletes the row in the unit's transaction. So of several racing removers (a
 * revoke-all, a single delete, a sign-out) the later ones wait for the first and then find nothing:
 * exactly one reports the session as removed. Until the commit, readers such as {@link
 * #tenantOfToken} still see the committed row.
 */
final class InMemorySessions implements SessionQueries {
    private final InMemoryDatabase db;
    private final Duration rowLockWait;

    InMemorySessions(InMemoryDatabase db, Duration rowLockWait) {
        this.db = db;
        this.rowLockWait = rowLockWait;
    }

    private record RowKey(UUID sessionId) {}

    @Override
    public Optional<TenantId> tenantOfToken(String tokenHash) {
        return db.read(c -> Jdbc.first(
                c,
                "SELECT tenant_id FROM sessions WHERE token_hash = ?",
                rs -> TenantId.of(rs.getString(1)),
                tokenHash));
    }

    InUnit in(InMemoryUnitOfWork unit) {
        return new InUnit(unit);
    }

    /** The session writes of one unit. */
    final class InUnit extends UnitBound implements SessionStore, TenantOwnedStore {
        private InUnit(InMemoryUnitOfWork unit) {
            super(unit);
        }

        @Override
        public Session create(TenantId tenant, Session session, String tokenHash) {
            Jdbc.update(
                    unit.connection(),
                    "INSERT INTO sessions (id, tenant_id, identity_id, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                    session.id(),
                    tenant.value(),
                    session.identityId(),
                    tokenHash,
                    session.createdAt());
            return session;
        }

        @Override
        public boolean delete(TenantId tenant, UUID identityId, UUID sessionId) {
            lock(sessionId);
            return Jdbc.update(
                            unit.connection(),
                            "DELETE FROM sessions WHERE id = ? AND tenant_id = ? AND identity_id = ?",
                            sessionId,
                            tenant.value(),
                            identityId)
                    == 1;
        }

        @Override
        public List<UUID> deleteAllOf(TenantId tenant, UUID identityId) {
            List<UUID> removed = new ArrayList<>();
            for (UUID id : Jdbc.query(
                    unit.connection(),
                    "SELECT id FROM sessions WHERE identity_id = ? AND tenant_id = ? ORDER BY id",
                    rs -> rs.getObject(1, UUID.class),
                    identityId,
                    tenant.value())) {
                if (delete(tenant, identityId, id)) {
                    removed.add(id);
                }
            }
            return removed;
        }

        @Override
        public Optional<UUID> deleteByToken(TenantId tenant, String tokenHash) {
            Optional<UUID> id = Jdbc.first(
                    unit.connection(),
                    "SELECT id FROM sessions WHERE token_hash = ? AND tenant_id = ?",
                    rs -> rs.getObject(1, UUID.class),
                    tokenHash,
                    tenant.value());
            if (id.isEmpty()) {
                return Optional.empty();
            }
            lock(id.get());
            int removed = Jdbc.update(
                    unit.connection(), "DELETE FROM sessions WHERE id = ? AND tenant_id = ?", id.get(), tenant.value());
            return removed == 1 ? id : Optional.empty();
        }

        @Override
        public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
            long removed = Jdbc.update(unit.connection(), "DELETE FROM sessions WHERE tenant_id = ?", tenant.value());
            return Map.of(PurgeCategory.SESSIONS, removed);
        }

        private void lock(UUID sessionId) {
            unit.lockKey(new RowKey(sessionId), rowLockWait, "session " + sessionId);
        }
    }
}
