package dev.lockstep.postgres;

import dev.lockstep.application.LockWaits;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.ExternalId;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.identity.IdentityDeletion;
import dev.lockstep.domain.identity.IdentityMeta;
import dev.lockstep.domain.identity.IdentityPatch;
import dev.lockstep.domain.identity.IdentityRef;
import dev.lockstep.domain.identity.IdentityStore;
import dev.lockstep.domain.identity.Ratelimit;
import dev.lockstep.domain.identity.RatelimitSet;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * PostgreSQL {@link IdentityStore}: the "identity deletion" port family, the identity writes of one
 * unit. Reads outside a unit are {@link PostgresIdentityQueries}.
 *
 * <p>Locks, in the global order (tenant lock → row locks): writers already hold the tenant's shared
 * advisory lock (the caller's unit); then this store takes the identity's row lock with {@code FOR
 * NO KEY UPDATE} (update, delete) or {@code FOR SHARE} (session creation), bounded by {@code SET
 * LOCAL lock_timeout} = the storage's row-lock wait, once per unit. The uniqueness of generations is the constraint
 * {@code identities_one_generation (tenant_id, external_id, deleted)}.
 */
public final class PostgresIdentityStore implements IdentityStore, TenantOwnedStore {

    /** A unique violation of the generation rule is retried this often within the transaction. */
    private static final int SOFT_DELETE_ATTEMPTS = 3;

    /**
     * Resolves a ref as {@link PostgresIdentityQueries#FIND_BY_REF} does and locks the row. After waiting for a concurrent writer, PostgreSQL
     * re-checks the locked row's new version against {@code NOT i.deleted}: a row a concurrent delete
     * took yields nothing (→ not found), never a stale row. The lock mode is appended by the caller.
     * Parameters: id (uuid or null), tenant, tenant, externalId.
     */
    static final String LOCK_BY_REF =
            """
      SELECT i.id, i.external_id, i.meta::text, i.created_at, i.updated_at
        FROM identities i
       WHERE i.id = (SELECT u.id
                       FROM ((SELECT id, 0 AS pri FROM identities
                               WHERE id = ? AND tenant_id = ? AND NOT deleted)
                             UNION ALL
                             (SELECT id, 1 AS pri FROM identities
                               WHERE tenant_id = ? AND external_id = ? AND NOT deleted)
                             ORDER BY pri
                             LIMIT 1) u)
         AND NOT i.deleted
      """;

    /**
     * Create in one statement. The conflict target is identities_one_generation with deleted = false:
     * an active identity with the externalId exists → no row (identity_exists), never an error; a
     * concurrent uncommitted insert or delete of that externalId is waited for, then decided.
     */
    private static final String CREATE =
            """
      WITH ident AS (
        INSERT INTO identities (id, tenant_id, external_id, meta, created_at, updated_at)
        VALUES (?, ?, ?, ?::jsonb, ?, ?)
        ON CONFLICT (tenant_id, external_id, deleted) DO NOTHING
        RETURNING id, meta::text AS meta),
      rl AS (
        INSERT INTO ratelimits (id, identity_id, name, request_limit, duration_ms, auto_apply, created_at, updated_at)
        SELECT x.id, ident.id, x.name, x.lim, x.dur, x.auto, ?, ?
          FROM ident, unnest(?::uuid[], ?::text[], ?::bigint[], ?::bigint[], ?::boolean[]) AS x(id, name, lim, dur, auto))
      SELECT meta FROM ident
      """;

    /** Current ratelimits of a locked identity (a fresh statement after the lock: never a stale snapshot). */
    private static final String RATELIMITS_OF =
            """
      SELECT id, name, request_limit, duration_ms, auto_apply, created_at, updated_at
        FROM ratelimits WHERE identity_id = ?
      """;

    /**
     * The whole PATCH write in one statement under the row lock already held: meta (null keeps it),
     * removed ratelimits deleted, changed ones updated in place (id and created_at kept), new ones
     * inserted. No name is both removed and inserted, so the unique index never sees a clash.
     */
    private static final String APPLY_PATCH =
            """
      WITH ident AS (
        UPDATE identities SET meta = coalesce(?::jsonb, meta), updated_at = ?
         WHERE id = ?
        RETURNING meta::text AS meta),
      del AS (
        DELETE FROM ratelimits WHERE identity_id = ? AND id = ANY (?::uuid[])),
      upd AS (
        UPDATE ratelimits r
           SET request_limit = x.lim, duration_ms = x.dur, auto_apply = x.auto, updated_at = x.at
          FROM unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::boolean[], ?::text[]::timestamptz[]) AS x(id, lim, dur, auto, at)
         WHERE r.id = x.id AND r.identity_id = ?),
      ins AS (
        INSERT INTO ratelimits (id, identity_id, name, request_limit, duration_ms, auto_apply, created_at, updated_at)
        SELECT x.id, ?, x.name, x.lim, x.dur, x.auto, x.at, x.at
          FROM unnest(?::uuid[], ?::text[], ?::bigint[], ?::bigint[], ?::boolean[], ?::text[]::timestamptz[]) AS x(id, name, lim, dur, auto, at))
      SELECT meta FROM ident
      """;

    /**
     * Removes the older deleted generation of an externalId for good, with its ratelimits, returning
     * what went. Runs while the active generation's row lock is held, so no other delete of this
     * externalId can make a new deleted generation meanwhile. Both rows are removed in one statement,
     * so the foreign key (checked at its end) sees neither.
     */
    private static final String REMOVE_OLDER_GENERATION =
            """
      WITH old AS (
        DELETE FROM identities
         WHERE tenant_id = ? AND external_id = ? AND deleted AND id <> ?
        RETURNING id),
      rl AS (
        DELETE FROM ratelimits r USING old WHERE r.identity_id = old.id
        RETURNING r.id)
      SELECT 'identity' AS kind, id FROM old
      UNION ALL
      SELECT 'ratelimit', id FROM rl
      """;

    private static final String SOFT_DELETE =
            "UPDATE identities SET deleted = true, deleted_at = ?, updated_at = ? WHERE id = ? AND NOT deleted";

    private final PgUnit unit;
    private final Duration rowLockWait;

    PostgresIdentityStore(PgUnit unit, Duration rowLockWait) {
        this.unit = unit;
        this.rowLockWait = rowLockWait;
    }

    @Override
    public Identity create(Identity identity) {
        return unit.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(CREATE)) {
                Timestamp created = Timestamp.from(identity.createdAt());
                ps.setObject(1, identity.id());
                ps.setString(2, identity.tenantId().value());
                ps.setString(3, identity.externalId().value());
                ps.setString(4, PgJson.write(identity.meta().value()));
                ps.setTimestamp(5, created);
                ps.setTimestamp(6, Timestamp.from(identity.updatedAt()));
                ps.setTimestamp(7, created);
                ps.setTimestamp(8, created);
                List<Ratelimit> rs = identity.ratelimits();
                ps.setArray(
                        9,
                        c.createArrayOf("uuid", rs.stream().map(Ratelimit::id).toArray()));
                ps.setArray(
                        10,
                        c.createArrayOf("text", rs.stream().map(Ratelimit::name).toArray()));
                ps.setArray(
                        11,
                        c.createArrayOf(
                                "bigint", rs.stream().map(Ratelimit::limit).toArray()));
                ps.setArray(
                        12,
                        c.createArrayOf(
                                "bigint", rs.stream().map(Ratelimit::durationMs).toArray()));
                ps.setArray(
                        13,
                        c.createArrayOf(
                                "boolean", rs.stream().map(Ratelimit::autoApply).toArray()));
                try (ResultSet rsl = ps.executeQuery()) {
                    if (!rsl.next()) {
                        throw new DomainException(
                                ErrorCode.IDENTITY_EXISTS,
                                "an active identity with externalId " + identity.externalId() + " exists");
                    }
                    return new Identity(
                            identity.id(),
                            identity.tenantId(),
                            identity.externalId(),
                            new IdentityMeta(PgJson.readObject(rsl.getString(1))),
                            identity.ratelimits(),
                            identity.createdAt(),
                            identity.updatedAt());
                }
            }
        });
    }

    @Override
    public Optional<Updated> update(TenantId tenant, IdentityRef ref, IdentityPatch patch, Instant now) {
        return unit.run(c -> {
            Optional<LockedRow> locked = lockByRef(c, tenant, ref, "FOR NO KEY UPDATE");
            if (locked.isEmpty()) {
                return Optional.<Updated>empty();
            }
            LockedRow row = locked.get();
            List<Ratelimit> current = ratelimitsOf(c, row.id());
            RatelimitSet.Replacement replacement = patch.ratelimitReplacement(current, now);
            String meta;
            try (PreparedStatement ps = c.prepareStatement(APPLY_PATCH)) {
                int p = 1;
                if (patch.meta().isPresent()) {
                    ps.setString(p++, PgJson.write(patch.meta().get().value()));
                } else {
                    ps.setNull(p++, Types.VARCHAR);
                }
                ps.setTimestamp(p++, Timestamp.from(now));
                ps.setObject(p++, row.id());
                ps.setObject(p++, row.id());
                ps.setArray(
                        p++,
                        c.createArrayOf(
                                "uuid",
                                replacement.removed().stream()
                                        .map(Ratelimit::id)
                                        .toArray()));
                List<Ratelimit> ch = replacement.changed();
                ps.setArray(
                        p++,
                        c.createArrayOf("uuid", ch.stream().map(Ratelimit::id).toArray()));
                ps.setArray(
                        p++,
                        c.createArrayOf(
                                "bigint", ch.stream().map(Ratelimit::limit).toArray()));
                ps.setArray(
                        p++,
                        c.createArrayOf(
                                "bigint", ch.stream().map(Ratelimit::durationMs).toArray()));
                ps.setArray(
                        p++,
                        c.createArrayOf(
                                "boolean", ch.stream().map(Ratelimit::autoApply).toArray()));
                ps.setArray(
                        p++,
                        c.createArrayOf(
                                "text",
                                ch.stream().map(r -> r.updatedAt().toString()).toArray()));
                ps.setObject(p++, row.id());
                List<Ratelimit> in = replacement.inserted();
                ps.setObject(p++, row.id());
                ps.setArray(
                        p++,
                        c.createArrayOf("uuid", in.stream().map(Ratelimit::id).toArray()));
                ps.setArray(
                        p++,
                        c.createArrayOf("text", in.stream().map(Ratelimit::name).toArray()));
                ps.setArray(
                        p++,
                        c.createArrayOf(
                                "bigint", in.stream().map(Ratelimit::limit).toArray()));
                ps.setArray(
                        p++,
                        c.createArrayOf(
                                "bigint", in.stream().map(Ratelimit::durationMs).toArray()));
                ps.setArray(
                        p++,
                        c.createArrayOf(
                                "boolean", in.stream().map(Ratelimit::autoApply).toArray()));
                ps.setArray(
                        p++,
                        c.createArrayOf(
                                "text",
                                in.stream().map(r -> r.createdAt().toString()).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    meta = rs.getString(1);
                }
            }
            Identity after = new Identity(
                    row.id(),
                    tenant,
                    row.externalId(),
                    new IdentityMeta(PgJson.readObject(meta)),
                    replacement.after(),
                    row.createdAt(),
                    now);
            return Optional.of(Updated.of(after, replacement));
        });
    }

    @Override
    public Optional<IdentityDeletion> softDelete(TenantId tenant, IdentityRef ref, Instant now) {
        return unit.run(c -> {
            Optional<LockedRow> locked = lockByRef(c, tenant, ref, "FOR NO KEY UPDATE");
            if (locked.isEmpty()) {
                return Optional.<IdentityDeletion>empty();
            }
            LockedRow target = locked.get();
            for (int attempt = 1; ; attempt++) {
                // a savepoint, so that a unique violation leaves the transaction usable for a retry
                Savepoint sp = c.setSavepoint();
                try {
                    IdentityDeletion deletion = removeOlderThenSoftDelete(c, tenant, target, now);
                    c.releaseSavepoint(sp);
                    return Optional.of(deletion);
                } catch (SQLException e) {
                    if (!PgErrors.is(e, PgErrors.UNIQUE_VIOLATION) || attempt == SOFT_DELETE_ATTEMPTS) {
                        // anything else (a broken connection above all) is the unit's failure: the
                        // connection is not touched again here, the unit rolls back or evicts it
                        throw e;
                    }
                    // another deleted generation appeared between our two statements: remove it too
                    c.rollback(sp);
                }
            }
        });
    }

    private IdentityDeletion removeOlderThenSoftDelete(Connection c, TenantId tenant, LockedRow target, Instant now)
            throws SQLException {
        Optional<UUID> older = Optional.empty();
        List<UUID> olderRatelimits = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(REMOVE_OLDER_GENERATION)) {
            ps.setString(1, tenant.value());
            ps.setString(2, target.externalId().value());
            ps.setObject(3, target.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(2, UUID.class);
                    if ("identity".equals(rs.getString(1))) {
                        older = Optional.of(id);
                    } else {
                        olderRatelimits.add(id);
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(SOFT_DELETE)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setObject(3, target.id());
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("identity " + target.id() + " changed under its row lock");
            }
        }
        return new IdentityDeletion(target.id(), older, olderRatelimits);
    }

    @Override
    public Optional<UUID> lockActive(TenantId tenant, IdentityRef ref) {
        return unit.run(c -> lockByRef(c, tenant, ref, "FOR SHARE").map(LockedRow::id));
    }

    @Override
    public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
        // under the purge's exclusive tenant lock; sessions went first (their store is purged before this one)
        return unit.run(c -> {
            Map<PurgeCategory, Long> counts = new EnumMap<>(PurgeCategory.class);
            try (PreparedStatement r = c.prepareStatement(
                            "DELETE FROM ratelimits r USING identities i WHERE r.identity_id = i.id AND i.tenant_id = ?");
                    PreparedStatement i = c.prepareStatement("DELETE FROM identities WHERE tenant_id = ?")) {
                r.setString(1, tenant.value());
                counts.put(PurgeCategory.RATELIMITS, (long) r.executeUpdate());
                i.setString(1, tenant.value());
                counts.put(PurgeCategory.IDENTITIES, (long) i.executeUpdate());
            }
            return counts;
        });
    }

    private record LockedRow(UUID id, ExternalId externalId, String metaJson, Instant createdAt, Instant updatedAt) {}

    private Optional<LockedRow> lockByRef(Connection c, TenantId tenant, IdentityRef ref, String lockMode)
            throws SQLException {
        unit.boundRowLockWaits(rowLockWait);
        try (PreparedStatement ps = c.prepareStatement(LOCK_BY_REF + " " + lockMode)) {
            PostgresIdentityQueries.bindRef(ps, tenant, ref);
            try (ResultSet rs = unit.awaitingLock(LockWaits.Kind.ROW, conn -> ps.executeQuery())) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new LockedRow(
                        rs.getObject(1, UUID.class),
                        new ExternalId(rs.getString(2)),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5).toInstant()));
            }
        } catch (SQLException e) {
            if (PgErrors.is(e, PgErrors.LOCK_NOT_AVAILABLE)) {
                throw DomainException.lockTimeout("identity " + ref);
            }
            throw e;
        }
    }

    private List<Ratelimit> ratelimitsOf(Connection c, UUID identityId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RATELIMITS_OF)) {
            ps.setObject(1, identityId);
            List<Ratelimit> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Ratelimit(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getBoolean(5),
                            rs.getTimestamp(6).toInstant(),
                            rs.getTimestamp(7).toInstant()));
                }
            }
            return out;
        }
    }
}
