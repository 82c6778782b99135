package dev.lockstep.inmemory;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.stack.EnvMerge;
import dev.lockstep.domain.stack.EnvPatch;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.stack.Stack;
import dev.lockstep.domain.stack.StackErrors;
import dev.lockstep.domain.stack.StackQueries;
import dev.lockstep.domain.stack.StackRef;
import dev.lockstep.domain.stack.StackStatus;
import dev.lockstep.domain.stack.StackStore;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stacks in memory: the plain reads here, the writes of a unit in {@link InUnit}. The stand-in for
 * the row lock is the stack's key in {@link TenantRows}, waited for at most the env lock timeout and
 * held until the unit ends; every read-decide-write of one stack (merge, mark deleting, teardown)
 * happens under it, after the tenant's shared lock the unit holds (lock order tenant → row). Every
 * change registers its inverse, so a unit that fails later leaves nothing behind.
 */
final class InMemoryStacks implements StackQueries {
    private static final String WHAT = "stack";

    private final Clock clock;
    /** Per tenant, the stacks by slug (sorted: lists page in slug order). */
    private final TenantRows<Row> rows;
    /** Stacks being torn down and since when: what the teardown job scans, instead of every row. */
    private final Map<StackRef, Instant> deleting = new ConcurrentHashMap<>();

    InMemoryStacks(Clock clock, Duration envLockTimeout) {
        this.clock = clock;
        this.rows = new TenantRows<>(WHAT, envLockTimeout, r -> r.slug().value());
    }

    /** One stored stack; replaced as a whole on every change. */
    private record Row(
            Slug slug,
            StackStatus status,
            Map<String, String> env,
            Instant createdAt,
            Instant updatedAt,
            Instant deletingSince) {
        Stack toStack(TenantId tenant) {
            return new Stack(tenant, slug, status, env, createdAt, updatedAt);
        }
    }

    /** The key a stack's row lock is taken on ({@link InMemoryStorage#stackRowLockKey}). */
    static Object rowLockKey(TenantId tenant, Slug slug) {
        return TenantRows.rowKey(WHAT, tenant, slug.value());
    }

    @Override
    public Optional<Stack> find(TenantId tenant, Slug slug) {
        return rows.find(tenant, slug.value()).map(r -> r.toStack(tenant));
    }

    @Override
    public Page<Stack> list(TenantId tenant, PageRequest page) {
        Page<Row> found = rows.list(tenant, page.cursor(), page.limit(), r -> true);
        return new Page<>(found.items().stream().map(r -> r.toStack(tenant)).toList(), found.nextCursor());
    }

    @Override
    public List<StackRef> deletingSince(Instant atOrBefore, int limit) {
        return deleting.entrySet().stream()
                .filter(e -> !e.getValue().isAfter(atOrBefore))
                .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }

    InUnit in(InMemoryUnitOfWork unit) {
        return new InUnit(unit);
    }

    /** The stack writes of one unit. */
    final class InUnit extends UnitBound implements StackStore, TenantOwnedStore {
        private InUnit(InMemoryUnitOfWork unit) {
            super(unit);
        }

        @Override
        public Stack create(TenantId tenant, Slug slug, Map<String, String> env) {
            Instant now = Timestamps.now(clock);
            Row row = new Row(slug, StackStatus.ACTIVE, Map.copyOf(env), now, now, null);
            if (!rows.insertIfAbsent(unit, tenant, row)) {
                throw StackErrors.exists(slug);
            }
            return row.toStack(tenant);
        }

        @Override
        public EnvMerge mergeEnv(TenantId tenant, Slug slug, EnvPatch patch) {
            Row row = lockAndRead(tenant, slug).orElseThrow(() -> StackErrors.notFound(slug));
            if (row.status() == StackStatus.DELETING) {
                throw StackErrors.deleting(slug);
            }
            EnvMerge merge = patch.applyTo(row.env()); // env_too_large is thrown here, before any write
            rows.put(
                    unit,
                    tenant,
                    new Row(slug, row.status(), merge.env(), row.createdAt(), Timestamps.now(clock), null));
            return merge;
        }

        @Override
        public Stack markDeleting(TenantId tenant, Slug slug) {
            Row row = lockAndRead(tenant, slug).orElseThrow(() -> StackErrors.notFound(slug));
            if (row.status() == StackStatus.DELETING) {
                return row.toStack(tenant);
            }
            Instant now = Timestamps.now(clock);
            Row marked = new Row(slug, StackStatus.DELETING, row.env(), row.createdAt(), now, now);
            rows.put(unit, tenant, marked);
            StackRef ref = new StackRef(tenant, slug);
            unit.put(deleting, ref, now);
            return marked.toStack(tenant);
        }

        @Override
        public boolean removeDeleting(TenantId tenant, Slug slug, Instant deletingSinceAtOrBefore) {
            // never wait for the row while holding the tenant's shared lock: a purge queued behind
            // this unit would wait as long (the teardown backs off and comes again instead)
            rows.lockNoWait(unit, tenant, slug.value());
            Optional<Row> due = rows.find(tenant, slug.value())
                    .filter(r -> r.status() == StackStatus.DELETING
                            && !r.deletingSince().isAfter(deletingSinceAtOrBefore));
            if (due.isEmpty() || !rows.remove(unit, tenant, due.get())) {
                return false;
            }
            unit.remove(deleting, new StackRef(tenant, slug));
            return true;
        }

        @Override
        public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
            Collection<Row> removed = rows.purge(unit, tenant);
            for (Row row : removed) {
                if (row.status() == StackStatus.DELETING) {
                    unit.remove(deleting, new StackRef(tenant, row.slug()));
                }
            }
            return Map.of(PurgeCategory.STACKS, (long) removed.size());
        }

        private Optional<Row> lockAndRead(TenantId tenant, Slug slug) {
            rows.lock(unit, tenant, slug.value());
            return rows.find(tenant, slug.value());
        }
    }
}
