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
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Identities in memory, with the same observable behaviour as on PostgreSQL: the plain reads here,
 * the writes of a unit in {@link InUnit}.
 *
 * <p>Rows (active and deleted) are immutable values replaced whole in a {@link TenantRows}, so a
 * reader always sees one consistent row. The {@code generations} map is the unique constraint on
 * {@code (tenant, externalId, deleted)}: at most one active and one deleted generation. Locks (keys
 * of the unit, held until it ends, each waited for at most the row-lock bound), always taken in this
 * order:
 *
 * <ol>
 *   <li>the identity's row key — the stand-in for {@code SELECT … FOR UPDATE}: taken by update,
 *       delete and session creation; after it is granted the row is re-read and must still be active
 *       (PostgreSQL's re-check of a locked row);
 *   <li>{@link ExternalKey} — serializes the changes of one externalId's generations: taken by
 *       create and by delete (after the row lock), so the uniqueness check and the move from active
 *       to deleted never interleave.
 * </ol>
 */
final class InMemoryIdentities implements IdentityQueries {
    private final Duration rowLockWait;
    private final TenantRows<Row> rows;
    private final Map<Generation, UUID> generations = new ConcurrentHashMap<>();

    InMemoryIdentities(Duration rowLockWait) {
        this.rowLockWait = rowLockWait;
        this.rows = new TenantRows<>("identity", rowLockWait, r -> r.id().toString());
    }

    private record Row(
            UUID id,
            TenantId tenant,
            ExternalId externalId,
            IdentityMeta meta,
            List<Ratelimit> ratelimits,
            boolean deleted,
            Instant createdAt,
            Instant updatedAt) {
        Identity identity() {
            return new Identity(id, tenant, externalId, meta, ratelimits, createdAt, updatedAt);
        }

        Row with(IdentityMeta newMeta, List<Ratelimit> newRatelimits, boolean nowDeleted, Instant at) {
            return new Row(id, tenant, externalId, newMeta, newRatelimits, nowDeleted, createdAt, at);
        }
    }

    private record Generation(TenantId tenant, String externalId, boolean deleted) {}

    private record ExternalKey(TenantId tenant, String externalId) {}

    @Override
    public Optional<Identity> find(TenantId tenant, IdentityRef ref) {
        return resolve(tenant, ref).map(Row::identity);
    }

    @Override
    public Page<Identity> list(TenantId tenant, PageRequest page) {
        Page<Row> found = rows.list(tenant, page.cursor(), page.limit(), r -> !r.deleted());
        return new Page<>(found.items().stream().map(Row::identity).toList(), found.nextCursor());
    }

    /** The active row {@code ref} names: the id match first, else the active generation of that externalId. */
    private Optional<Row> resolve(TenantId tenant, IdentityRef ref) {
        Optional<Row> byId = ref.asId().flatMap(id -> rows.find(tenant, id)).filter(r -> !r.deleted());
        if (byId.isPresent() || !ref.couldBeExternalId()) {
            return byId;
        }
        return Optional.ofNullable(generations.get(new Generation(tenant, ref.value(), false)))
                .flatMap(id -> rows.find(tenant, id))
                .filter(r -> !r.deleted());
    }

    InUnit in(InMemoryUnitOfWork unit) {
        return new InUnit(unit);
    }

    /** The identity writes of one unit. */
    final class InUnit extends UnitBound implements IdentityStore, TenantOwnedStore {
        private InUnit(InMemoryUnitOfWork unit) {
            super(unit);
        }

        @Override
        public Identity create(Identity identity) {
            TenantId tenant = identity.tenantId();
            lockExternalId(tenant, identity.externalId());
            Generation active = new Generation(tenant, identity.externalId().value(), false);
            if (generations.containsKey(active)) {
                throw new DomainException(
                        ErrorCode.IDENTITY_EXISTS,
                        "an active identity with externalId " + identity.externalId() + " exists");
            }
            Row row = new Row(
                    identity.id(),
                    tenant,
                    identity.externalId(),
                    identity.meta(),
                    identity.ratelimits(),
                    false,
                    identity.createdAt(),
                    identity.updatedAt());
            unit.put(generations, active, identity.id());
            rows.insert(unit, tenant, row);
            return row.identity();
        }

        @Override
        public Optional<Updated> update(TenantId tenant, IdentityRef ref, IdentityPatch patch, Instant now) {
            return lockActiveRow(tenant, ref).map(row -> {
                RatelimitSet.Replacement replacement = patch.ratelimitReplacement(row.ratelimits(), now);
                Row after = row.with(patch.meta().orElse(row.meta()), replacement.after(), false, now);
                rows.put(unit, tenant, after);
                List<UUID> removed =
                        replacement.removed().stream().map(Ratelimit::id).toList();
                return new Updated(after.identity(), removed);
            });
        }

        @Override
        public Optional<IdentityDeletion> softDelete(TenantId tenant, IdentityRef ref, Instant now) {
            Optional<Row> locked = lockActiveRow(tenant, ref);
            if (locked.isEmpty()) {
                return Optional.empty();
            }
            Row target = locked.get();
            String externalId = target.externalId().value();
            lockExternalId(tenant, target.externalId());
            Generation deletedGeneration = new Generation(tenant, externalId, true);
            Optional<UUID> older = IdentityDeletion.generationToRemove(
                    target.id(), Optional.ofNullable(generations.get(deletedGeneration)));
            List<UUID> olderRatelimits = List.of();
            if (older.isPresent()) {
                Row old = rows.find(tenant, older.get()).orElseThrow();
                olderRatelimits = old.ratelimits().stream().map(Ratelimit::id).toList();
                rows.remove(unit, tenant, old);
                unit.remove(generations, deletedGeneration);
            }
            unit.remove(generations, new Generation(tenant, externalId, false));
            unit.put(generations, deletedGeneration, target.id());
            rows.put(unit, tenant, target.with(target.meta(), target.ratelimits(), true, now));
            return Optional.of(new IdentityDeletion(target.id(), older, olderRatelimits));
        }

        @Override
        public Optional<UUID> lockActive(TenantId tenant, IdentityRef ref) {
            return lockActiveRow(tenant, ref).map(Row::id);
        }

        @Override
        public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
            Collection<Row> removed = rows.purge(unit, tenant);
            long ratelimits = 0;
            for (Row row : removed) {
                ratelimits += row.ratelimits().size();
                unit.remove(generations, new Generation(tenant, row.externalId().value(), row.deleted()));
            }
            Map<PurgeCategory, Long> counts = new EnumMap<>(PurgeCategory.class);
            counts.put(PurgeCategory.IDENTITIES, (long) removed.size());
            counts.put(PurgeCategory.RATELIMITS, ratelimits);
            return counts;
        }

        /** Resolves, locks the row, and re-reads it: empty when it stopped being active meanwhile. */
        private Optional<Row> lockActiveRow(TenantId tenant, IdentityRef ref) {
            Optional<Row> resolved = resolve(tenant, ref);
            if (resolved.isEmpty()) {
                return Optional.empty();
            }
            UUID id = resolved.get().id();
            rows.lock(unit, tenant, id.toString());
            return rows.find(tenant, id).filter(r -> !r.deleted());
        }

        private void lockExternalId(TenantId tenant, ExternalId externalId) {
            unit.lockKey(new ExternalKey(tenant, externalId.value()), rowLockWait, "identity " + externalId);
        }
    }
}
