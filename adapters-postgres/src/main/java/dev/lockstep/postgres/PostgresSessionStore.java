package dev.lockstep.postgres;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.Session;
import dev.lockstep.domain.identity.SessionStore;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * PostgreSQL {@link SessionStore}. Every removal is a {@code DELETE … RETURNING}: the DELETE takes
 * the row lock, and when a concurrent transaction removed the row first, PostgreSQL waits for it,
 * re-checks, and returns nothing. So a removal is reported (and then recorded by the caller) by
 * exactly one transaction — the deletion log never gets two entries for one session, and the loser
 * of a race simply gets "gone". The writes of one unit, which holds the tenant's shared lock; row-lock
 * waits are bounded by the storage's row-lock wait. The routing read is {@link PostgresSessionQueries}.
 */
public final class PostgresSessionStore implements SessionStore, TenantOwnedStore {

    private static final String INSERT =
            "INSERT INTO sessions (id, tenant_id, identity_id, token_hash, created_at) VALUES (?, ?, ?, ?, ?)";
    private static final String DELETE_ONE =
            "DELETE FROM sessions WHERE id = ? AND tenant_id = ? AND identity_id = ? RETURNING id";
    /** By sessions_identity_id. */
    static final String DELETE_ALL_OF = "DELETE FROM sessions WHERE identity_id = ? AND tenant_id = ? RETURNING id";

    static final String DELETE_BY_TOKEN = "DELETE FROM sessions WHERE token_hash = ? AND tenant_id = ? RETURNING id";
    /** Under the purge's exclusive tenant lock; by identities_one_generation then sessions_identity_id. */
    private static final String PURGE =
            "DELETE FROM sessions s USING identities i WHERE s.identity_id = i.id AND i.tenant_id = ? AND s.tenant_id = ?";

    private final PgUnit unit;
    private final Duration rowLockWait;

    PostgresSessionStore(PgUnit unit, Duration rowLockWait) {
        this.unit = unit;
        this.rowLockWait = rowLockWait;
    }

    @Override
    public Session create(TenantId tenant, Session session, String tokenHash) {
        return unit.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setObject(1, session.id());
                ps.setString(2, tenant.value());
                ps.setObject(3, session.identityId());
                ps.setString(4, tokenHash);
                ps.setTimestamp(5, Timestamp.from(session.createdAt()));
                ps.executeUpdate();
            }
            return session;
        });
    }

    @Override
    public boolean delete(TenantId tenant, UUID identityId, UUID sessionId) {
        return unit.run(c -> {
            unit.boundRowLockWaits(rowLockWait);
            try (PreparedStatement ps = c.prepareStatement(DELETE_ONE)) {
                ps.setObject(1, sessionId);
                ps.setString(2, tenant.value());
                ps.setObject(3, identityId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public List<UUID> deleteAllOf(TenantId tenant, UUID identityId) {
        return unit.run(c -> {
            unit.boundRowLockWaits(rowLockWait);
            try (PreparedStatement ps = c.prepareStatement(DELETE_ALL_OF)) {
                ps.setObject(1, identityId);
                ps.setString(2, tenant.value());
                List<UUID> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getObject(1, UUID.class));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Optional<UUID> deleteByToken(TenantId tenant, String tokenHash) {
        return unit.run(c -> {
            unit.boundRowLockWaits(rowLockWait);
            try (PreparedStatement ps = c.prepareStatement(DELETE_BY_TOKEN)) {
                ps.setString(1, tokenHash);
                ps.setString(2, tenant.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.<UUID>empty();
                }
            }
        });
    }

    @Override
    public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
        return unit.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(PURGE)) {
                ps.setString(1, tenant.value());
                ps.setString(2, tenant.value());
                return Map.of(PurgeCategory.SESSIONS, (long) ps.executeUpdate());
            }
        });
    }
}
