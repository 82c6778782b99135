package dev.lockstep.inmemory;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.stack.EnvPatch;
import dev.lockstep.domain.stack.EnvStep;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.stack.Stack;
import dev.lockstep.domain.stack.StackErrors;
import dev.lockstep.domain.stack.StackQueries;
import dev.lockstep.domain.stack.StackRef;
import dev.lockstep.domain.stack.StackStatus;
import dev.lockstep.domain.stack.StackStore;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stacks in H2: the plain reads here, the writes of a unit in {@link InUnit}. The stand-in for the
 * row lock is the stack's JVM key, waited for at most the env lock timeout and held until the unit's
 * transaction has ended; every read-decide-write of one stack (create, merge, mark deleting,
 * teardown) happens under it, after the tenant's shared lock the unit holds (lock order tenant →
 * row), and reads the row in the unit's transaction once the key is granted.
 */
final class InMemoryStacks implements StackQueries {
    private static final String WHAT = "stack";
    private static final String COLUMNS = "tenant_id, slug, status, env, created_at, updated_at, deleting_since";

    private final Clock clock;
    private final InMemoryDatabase db;
    private final Duration envLockTimeout;

    InMemoryStacks(Clock clock, InMemoryDatabase db, Duration envLockTimeout) {
        this.clock = clock;
        this.db = db;
        this.envLockTimeout = envLockTimeout;
    }

    /** One stored stack. */
    private record Row(
            TenantId tenant,
            Slug slug,
            StackStatus status,
            Map<String, String> env,
            Instant createdAt,
            Instant updatedAt,
            Instant deletingSince) {
        Stack toStack() {
            return new Stack(tenant, slug, status, env, createdAt, updatedAt);
        }
    }

    private static final Jdbc.RowMapper<Row> ROW = rs -> new Row(
            TenantId.of(rs.getString("tenant_id")),
            Slug.of(rs.getString("slug")),
            StackStatus.fromWireName(rs.getString("status")),
            H2Json.stringMap(rs.getString("env")),
            Jdbc.instant(rs, "created_at"),
            Jdbc.instant(rs, "updated_at"),
            Jdbc.instant(rs, "deleting_since"));

    /** The key a stack's row lock is taken on ({@link InMemoryStorage#stackRowLockKey}). */
    static Object rowLockKey(TenantId tenant, Slug slug) {
        return KeyLocks.row(WHAT, tenant, slug.value());
    }

    @Override
    public Optional<Stack> find(TenantId tenant, Slug slug) {
        return db.read(c -> find(c, tenant, slug)).map(Row::toStack);
    }

    private static Optional<Row> find(Connection c, TenantId tenant, Slug slug) {
        return Jdbc.first(
                c,
                "SELECT " + COLUMNS + " FROM stacks WHERE tenant_id = ? AND slug = ?",
                ROW,
                tenant.value(),
                slug.value());
    }

    @Override
    public Page<Stack> list(TenantId tenant, PageRequest page) {
        List<Row> fetched = db.read(c -> page.cursor() == null
                ? Jdbc.query(
                        c,
                        "SELECT " + COLUMNS + " FROM stacks WHERE tenant_id = ? ORDER BY slug LIMIT ?",
                        ROW,
                        tenant.value(),
                        page.limit() + 1)
                : Jdbc.query(
                        c,
                        "SELECT " + COLUMNS + " FROM stacks WHERE tenant_id = ? AND slug > ? ORDER BY slug LIMIT ?",
                        ROW,
                        tenant.value(),
                        page.cursor(),
                        page.limit() + 1));
        Page<Row> rows = Page.of(fetched, page.limit(), r -> r.slug().value());
        return new Page<>(rows.items().stream().map(Row::toStack).toList(), rows.nextCursor());
    }

    @Override
    public List<StackRef> deletingSince(Instant atOrBefore, int limit) {
        return db.read(c -> Jdbc.query(
                c,
                "SELECT tenant_id, slug FROM stacks WHERE deleting_since <= ? ORDER BY deleting_since LIMIT ?",
                rs -> new StackRef(TenantId.of(rs.getString(1)), Slug.of(rs.getString(2))),
                atOrBefore,
                limit));
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
            if (lockAndRead(tenant, slug).isPresent()) {
                throw StackErrors.exists(slug);
            }
            Instant now = Timestamps.now(clock);
            Row row = new Row(tenant, slug, StackStatus.ACTIVE, Map.copyOf(env), now, now, null);
            Jdbc.update(
                    unit.connection(),
                    "INSERT INTO stacks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, NULL)",
                    tenant.value(),
                    slug.value(),
                    row.status().wireName(),
                    H2Json.write(row.env()),
                    now,
                    now);
            return row.toStack();
        }

        /** One row lock, every patch applied in order with its own cap check, at most one UPDATE. */
        @Override
        public List<EnvStep> mergeEnvInOrder(TenantId tenant, Slug slug, List<EnvPatch> patches) {
            Row row = lockActive(tenant, slug);
            Instant now = Timestamps.now(clock);
            // every cap check before any write; each landed step carries the stack as it leaves it
            List<EnvStep> steps = EnvStep.applyInOrder(row.toStack(), patches, now);
            if (EnvStep.anyLanded(steps)) {
                writeEnv(tenant, slug, EnvStep.finalEnv(row.env(), steps), now);
            }
            return steps;
        }

        private Row lockActive(TenantId tenant, Slug slug) {
            Row row = lockAndRead(tenant, slug).orElseThrow(() -> StackErrors.notFound(slug));
            if (row.status() == StackStatus.DELETING) {
                throw StackErrors.deleting(slug);
            }
            return row;
        }

        private void writeEnv(TenantId tenant, Slug slug, Map<String, String> env, Instant now) {
            Jdbc.update(
                    unit.connection(),
                    "UPDATE stacks SET env = ?, updated_at = ? WHERE tenant_id = ? AND slug = ?",
                    H2Json.write(env),
                    now,
                    tenant.value(),
                    slug.value());
        }

        @Override
        public Stack markDeleting(TenantId tenant, Slug slug) {
            Row row = lockAndRead(tenant, slug).orElseThrow(() -> StackErrors.notFound(slug));
            if (row.status() == StackStatus.DELETING) {
                return row.toStack();
            }
            Instant now = Timestamps.now(clock);
            Jdbc.update(
                    unit.connection(),
                    "UPDATE stacks SET status = ?, updated_at = ?, deleting_since = ? WHERE tenant_id = ? AND slug = ?",
                    StackStatus.DELETING.wireName(),
                    now,
                    now,
                    tenant.value(),
                    slug.value());
            return new Row(tenant, slug, StackStatus.DELETING, row.env(), row.createdAt(), now, now).toStack();
        }

        @Override
        public boolean removeDeleting(TenantId tenant, Slug slug, Instant deletingSinceAtOrBefore) {
            // never wait for the row while holding the tenant's shared lock: a purge queued behind
            // this unit would wait as long (the teardown backs off and comes again instead)
            unit.lockKey(rowLockKey(tenant, slug), Duration.ZERO, WHAT + " " + slug);
            Optional<Row> due = find(unit.connection(), tenant, slug)
                    .filter(r -> r.status() == StackStatus.DELETING
                            && !r.deletingSince().isAfter(deletingSinceAtOrBefore));
            return due.isPresent()
                    && Jdbc.update(
                                    unit.connection(),
                                    "DELETE FROM stacks WHERE tenant_id = ? AND slug = ?",
                                    tenant.value(),
                                    slug.value())
                            == 1;
        }

        @Override
        public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
            long removed = Jdbc.update(unit.connection(), "DELETE FROM stacks WHERE tenant_id = ?", tenant.value());
            return Map.of(PurgeCategory.STACKS, removed);
        }

        private Optional<Row> lockAndRead(TenantId tenant, Slug slug) {
            unit.lockKey(rowLockKey(tenant, slug), envLockTimeout, WHAT + " " + slug);
            return find(unit.connection(), tenant, slug);
        }
    }
}
