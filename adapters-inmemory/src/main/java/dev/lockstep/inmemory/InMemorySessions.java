package dev.lockstep.inmemory;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.Session;
import dev.lockstep.domain.identity.SessionQueries;
import dev.lockstep.domain.identity.SessionStore;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions in memory. A removal is decided by {@code ConcurrentHashMap.remove(id, row)}: atomic, so
 * of several racing removers (a revoke-all, a single delete, a sign-out) exactly one gets {@code
 * true} — the in-memory form of {@code DELETE … RETURNING} under the row lock — and only that one
 * reports the session as removed. Secondary indexes follow the primary map, with undo.
 */
final class InMemorySessions implements SessionQueries {
    private final Map<UUID, Row> byId = new ConcurrentHashMap<>();
    private final Map<String, UUID> byTokenHash = new ConcurrentHashMap<>();
    private final Map<UUID, Set<UUID>> byIdentity = new ConcurrentHashMap<>();
    private final Map<TenantId, Set<UUID>> byTenant = new ConcurrentHashMap<>();

    private record Row(TenantId tenant, Session session, String tokenHash) {}

    @Override
    public Optional<TenantId> tenantOfToken(String tokenHash) {
        return Optional.ofNullable(byTokenHash.get(tokenHash)).map(byId::get).map(Row::tenant);
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
            Row row = new Row(tenant, session, tokenHash);
            index(row);
            byId.put(session.id(), row);
            unit.onRollback(() -> remove(row));
            return session;
        }

        @Override
        public boolean delete(TenantId tenant, UUID identityId, UUID sessionId) {
            Row row = byId.get(sessionId);
            if (row == null
                    || !row.tenant().equals(tenant)
                    || !row.session().identityId().equals(identityId)) {
                return false;
            }
            return take(row);
        }

        @Override
        public List<UUID> deleteAllOf(TenantId tenant, UUID identityId) {
            List<UUID> removed = new ArrayList<>();
            for (UUID id : List.copyOf(byIdentity.getOrDefault(identityId, Set.of()))) {
                Row row = byId.get(id);
                if (row != null && row.tenant().equals(tenant) && take(row)) {
                    removed.add(id);
                }
            }
            return removed;
        }

        @Override
        public Optional<UUID> deleteByToken(TenantId tenant, String tokenHash) {
            UUID id = byTokenHash.get(tokenHash);
            Row row = id == null ? null : byId.get(id);
            if (row == null || !row.tenant().equals(tenant)) {
                return Optional.empty();
            }
            return take(row) ? Optional.of(id) : Optional.empty();
        }

        @Override
        public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
            long count = 0;
            for (UUID id : List.copyOf(byTenant.getOrDefault(tenant, Set.of()))) {
                Row row = byId.get(id);
                if (row != null && take(row)) {
                    count++;
                }
            }
            return Map.of(PurgeCategory.SESSIONS, count);
        }

        /** Removes {@code row} if it is still there; {@code true} only for the one caller that removed it. */
        private boolean take(Row row) {
            if (!byId.remove(row.session().id(), row)) {
                return false;
            }
            unindex(row);
            unit.onRollback(() -> {
                index(row);
                byId.put(row.session().id(), row);
            });
            return true;
        }
    }

    /** Rollback of a create. */
    private void remove(Row row) {
        if (byId.remove(row.session().id(), row)) {
            unindex(row);
        }
    }

    private void index(Row row) {
        UUID id = row.session().id();
        byTokenHash.put(row.tokenHash(), id);
        byIdentity
                .computeIfAbsent(row.session().identityId(), k -> ConcurrentHashMap.newKeySet())
                .add(id);
        byTenant.computeIfAbsent(row.tenant(), k -> ConcurrentHashMap.newKeySet())
                .add(id);
    }

    private void unindex(Row row) {
        UUID id = row.session().id();
        byTokenHash.remove(row.tokenHash(), id);
        Set<UUID> ofIdentity = byIdentity.get(row.session().identityId());
        if (ofIdentity != null) {
            ofIdentity.remove(id);
        }
        Set<UUID> ofTenant = byTenant.get(row.tenant());
        if (ofTenant != null) {
            ofTenant.remove(id);
        }
    }
}
