package dev.lockstep.inmemory;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.ExternalId;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.identity.IdentityDeletion;
import dev.lockstep.domain.identity.IdentityMeta;
import dev.lockstep.domain.identity.IdentityPatch;
import dev.lockstep.domain.identity.IdentityQueries;
import dev.lockstep.domain.identity.IdentityRef;
import dev.lockstep.domain.identity.IdentityStore;
import dev.lockstep.domain.identity.Ratelimit;
import dev.lockstep.domain.identity.RatelimitSet;
import dev.lockstep.domain.ids.RowIds;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Identities in H2, with the same observable behaviour as on PostgreSQL: the plain reads here, the
 * writes of a unit in {@link InUnit}.
 *
 * <p>The unique constraint {@code identities_one_generation (tenant_id, external_id, deleted)} keeps
 * at most one active and one deleted generation. A row's ratelimits live in its row (a JSON array),
 * so they are read, replaced and removed with it. Locks (JVM keys of the unit, held until its
 * transaction has ended, each waited for at most the row-lock bound), always taken in this order:
 *
 * <ol>
 *   <li>the identity's row key — the stand-in for {@code SELECT … FOR UPDATE}: taken by update,
 *       delete and session creation; after it is granted the row is re-read in the unit's
 *       transaction and must still be active (PostgreSQL's re-check of a locked row);
 *   <li>{@link ExternalKey} — serializes the changes of one externalId's generations: taken by
 *       create and by delete (after the row lock), so the uniqueness check and the move from active
 *       to deleted never interleave.
 * </ol>
 */
final class InMemoryIdentities implements IdentityQueries {
    private static final String COLUMNS =
            "tenant_id, id, external_id, meta, ratelimits, deleted, created_at, updated_at";

    private final InMemoryDatabase db;
    private final Duration rowLockWait;

    InMemoryIdentities(InMemoryDatabase db, Duration rowLockWait) {
        this.db = db;
        this.rowLockWait = rowLockWait;
    }

    private record Row(Identity identity, boolean deleted) {
        UUID id() {
            return identity.id();
        }
    }

    private record ExternalKey(TenantId tenant, String externalId) {}

    private static final Jdbc.RowMapper<Row> ROW = rs -> new Row(
            new Identity(
                    rs.getObject("id", UUID.class),
                    TenantId.of(rs.getString("tenant_id")),
                    ExternalId.of(rs.getString("external_id")),
                    new IdentityMeta(H2Json.object(rs.getString("meta"))),
                    ratelimits(rs.getString("ratelimits")),
                    Jdbc.instant(rs, "created_at"),
                    Jdbc.instant(rs, "updated_at")),
            rs.getBoolean("deleted"));

    @Override
    public Optional<Identity> find(TenantId tenant, IdentityRef ref) {
        return db.read(c -> resolve(c, tenant, ref)).map(Row::identity);
    }

    @Override
    public Page<Identity> list(TenantId tenant, PageRequest page) {
        UUID after = page.cursor() == null ? new UUID(0, 0) : RowIds.parse("cursor", page.cursor());
        List<Identity> fetched = db.read(c -> Jdbc.query(
                        c,
                        "SELECT " + COLUMNS + " FROM identities WHERE tenant_id = ? AND id > ? AND NOT deleted"
                                + " ORDER BY id LIMIT ?",
                        ROW,
                        tenant.value(),
                        after,
                        page.limit() + 1)
                .stream()
                .map(Row::identity)
                .toList());
        return Page.of(fetched, page.limit(), i -> i.id().toString());
    }

    /** The active row {@code ref} names: the id match first, else the active generation of that externalId. */
    private static Optional<Row> resolve(Connection c, TenantId tenant, IdentityRef ref) {
        Optional<Row> byId = ref.asId().flatMap(id -> byId(c, tenant, id)).filter(r -> !r.deleted());
        if (byId.isPresent() || !ref.couldBeExternalId()) {
            return byId;
        }
        return generation(c, tenant, ref.value(), false);
    }

    private static Optional<Row> byId(Connection c, TenantId tenant, UUID id) {
        return Jdbc.first(
                c, "SELECT " + COLUMNS + " FROM identities WHERE tenant_id = ? AND id = ?", ROW, tenant.value(), id);
    }

    private static Optional<Row> generation(Connection c, TenantId tenant, String externalId, boolean deleted) {
        return Jdbc.first(
                c,
                "SELECT " + COLUMNS + " FROM identities WHERE tenant_id = ? AND external_id = ? AND deleted = ?",
                ROW,
                tenant.value(),
                externalId,
                deleted);
    }

    InUnit in(InMemoryUnitOfWork unit) {
        return new InUnit(unit);
    }

    /** The identity writes of one unit. */
    final class InUnit extends UnitBound implements IdentityStore, TenantOwnedStore {
        private InUnit(InMemoryUnitOfWork unit) {
            super(unit);
        }

        private Connection c() {
            return unit.connection();
        }

        @Override
        public Identity create(Identity identity) {
            TenantId tenant = identity.tenantId();
            lockExternalId(tenant, identity.externalId());
            if (generation(c(), tenant, identity.externalId().value(), false).isPresent()) {
                throw new DomainException(
                        ErrorCode.IDENTITY_EXISTS,
                        "an active identity with externalId " + identity.externalId() + " exists");
            }
            Jdbc.update(
                    c(),
                    "INSERT INTO identities (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, FALSE, ?, ?)",
                    tenant.value(),
                    identity.id(),
                    identity.externalId().value(),
                    H2Json.write(identity.meta().value()),
                    ratelimitsJson(identity.ratelimits()),
                    identity.createdAt(),
                    identity.updatedAt());
            return identity;
        }

        @Override
        public Optional<Updated> update(TenantId tenant, IdentityRef ref, IdentityPatch patch, Instant now) {
            return lockActiveRow(tenant, ref).map(row -> {
                Identity current = row.identity();
                RatelimitSet.Replacement replacement = patch.ratelimitReplacement(current.ratelimits(), now);
                Identity after = new Identity(
                        current.id(),
                        tenant,
                        current.externalId(),
                        patch.meta().orElse(current.meta()),
                        replacement.after(),
                        current.createdAt(),
                        now);
                Jdbc.update(
                        c(),
                        "UPDATE identities SET meta = ?, ratelimits = ?, updated_at = ? WHERE tenant_id = ? AND id = ?",
                        H2Json.write(after.meta().value()),
                        ratelimitsJson(after.ratelimits()),
                        now,
                        tenant.value(),
                        after.id());
                return Updated.of(after, replacement);
            });
        }

        @Override
        public Optional<IdentityDeletion> softDelete(TenantId tenant, IdentityRef ref, Instant now) {
            Optional<Row> locked = lockActiveRow(tenant, ref);
            if (locked.isEmpty()) {
                return Optional.empty();
            }
            Identity target = locked.get().identity();
            String externalId = target.externalId().value();
            lockExternalId(tenant, target.externalId());
            Optional<Row> olderRow = generation(c(), tenant, externalId, true);
            Optional<UUID> older = IdentityDeletion.generationToRemove(target.id(), olderRow.map(Row::id));
            List<UUID> olderRatelimits = List.of();
            if (older.isPresent()) {
                olderRatelimits = olderRow.get().identity().ratelimits().stream()
                        .map(Ratelimit::id)
                        .toList();
                Jdbc.update(c(), "DELETE FROM identities WHERE tenant_id = ? AND id = ?", tenant.value(), older.get());
            }
            Jdbc.update(
                    c(),
                    "UPDATE identities SET deleted = TRUE, updated_at = ? WHERE tenant_id = ? AND id = ?",
                    now,
                    tenant.value(),
                    target.id());
            return Optional.of(new IdentityDeletion(target.id(), older, olderRatelimits));
        }

        @Override
        public Optional<UUID> lockActive(TenantId tenant, IdentityRef ref) {
            return lockActiveRow(tenant, ref).map(Row::id);
        }

        @Override
        public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
            long ratelimits = 0;
            for (String json : Jdbc.query(
                    c(),
                    "SELECT ratelimits FROM identities WHERE tenant_id = ?",
                    rs -> rs.getString(1),
                    tenant.value())) {
                ratelimits += H2Json.array(json).size();
            }
            long identities = Jdbc.update(c(), "DELETE FROM identities WHERE tenant_id = ?", tenant.value());
            Map<PurgeCategory, Long> counts = new EnumMap<>(PurgeCategory.class);
            counts.put(PurgeCategory.IDENTITIES, identities);
            counts.put(PurgeCategory.RATELIMITS, ratelimits);
            return counts;
        }

        /**
         * Locks the row {@code ref} names and re-reads it: empty when it is not (or no longer) active.
         * A row another unit is deleting right now still looks active in the committed state this
         * unit reads, so it is locked first: like PostgreSQL's {@code FOR UPDATE}, the call waits for
         * that unit and then sees its outcome.
         */
        private Optional<Row> lockActiveRow(TenantId tenant, IdentityRef ref) {
            Optional<UUID> candidate = lockCandidate(tenant, ref);
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            lockRow(tenant, candidate.get());
            Optional<Row> current = resolve(c(), tenant, ref);
            if (current.isPresent() && !current.get().id().equals(candidate.get())) {
                // another generation became active while this unit waited: it is the one ref names now
                UUID other = current.get().id();
                lockRow(tenant, other);
                current = byId(c(), tenant, other).filter(r -> !r.deleted());
            }
            return current;
        }

        /** The active row {@code ref} names, else a row of that id or the deleted generation. */
        private Optional<UUID> lockCandidate(TenantId tenant, IdentityRef ref) {
            Optional<Row> active = resolve(c(), tenant, ref);
            if (active.isPresent()) {
                return active.map(Row::id);
            }
            Optional<UUID> byId = ref.asId().filter(id -> byId(c(), tenant, id).isPresent());
            if (byId.isPresent() || !ref.couldBeExternalId()) {
                return byId;
            }
            return generation(c(), tenant, ref.value(), true).map(Row::id);
        }

        private void lockRow(TenantId tenant, UUID id) {
            unit.lockKey(KeyLocks.row("identity", tenant, id.toString()), rowLockWait, "identity " + id);
        }

        private void lockExternalId(TenantId tenant, ExternalId externalId) {
            unit.lockKey(new ExternalKey(tenant, externalId.value()), rowLockWait, "identity " + externalId);
        }
    }

    private static String ratelimitsJson(List<Ratelimit> ratelimits) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Ratelimit r : ratelimits) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id().toString());
            m.put("name", r.name());
            m.put("limit", r.limit());
            m.put("durationMs", r.durationMs());
            m.put("autoApply", r.autoApply());
            m.put("createdAt", r.createdAt().toString());
            m.put("updatedAt", r.updatedAt().toString());
            out.add(m);
        }
        return H2Json.write(out);
    }

    @SuppressWarnings("unchecked")
    private static List<Ratelimit> ratelimits(String json) {
        List<Ratelimit> out = new ArrayList<>();
        for (Object o : H2Json.array(json)) {
            Map<String, Object> m = (Map<String, Object>) o;
            out.add(new Ratelimit(
                    UUID.fromString((String) m.get("id")),
                    (String) m.get("name"),
                    ((Number) m.get("limit")).longValue(),
                    ((Number) m.get("durationMs")).longValue(),
                    (Boolean) m.get("autoApply"),
                    Instant.parse((String) m.get("createdAt")),
                    Instant.parse((String) m.get("updatedAt"))));
        }
        return out;
    }
}
