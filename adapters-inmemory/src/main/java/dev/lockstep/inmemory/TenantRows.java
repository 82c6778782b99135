package dev.lockstep.inmemory;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.ids.RowIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The table of one row kind, per tenant, ordered by a text key (a stack's slug, or an id's canonical
 * text, which is PostgreSQL's uuid order). Reads need no unit. Every change is made in a unit: it
 * registers its inverse there, and a change of an existing row first takes the row's key lock,
 * waited for at most the table's bound and held until the unit ends.
 */
final class TenantRows<R> {
    private final String what;
    private final Duration lockWait;
    private final Function<R, String> keyOf;
    private final Map<TenantId, ConcurrentSkipListMap<String, R>> byTenant = new ConcurrentHashMap<>();

    /**
     * @param what the row kind, for lock keys and error messages
     * @param lockWait how long a change waits for another unit holding the same row
     * @param keyOf the row's key within its tenant
     */
    TenantRows(String what, Duration lockWait, Function<R, String> keyOf) {
        this.what = what;
        this.lockWait = lockWait;
        this.keyOf = keyOf;
    }

    /** The key a row's lock is taken on; distinct from any other table's keys. */
    static Object rowKey(String what, TenantId tenant, String key) {
        return new RowKey(what, tenant, key);
    }

    private record RowKey(String what, TenantId tenant, String key) {}

    private ConcurrentSkipListMap<String, R> tenant(TenantId tenant) {
        return byTenant.computeIfAbsent(tenant, t -> new ConcurrentSkipListMap<>());
    }

    void lock(InMemoryUnitOfWork unit, TenantId tenant, String key) {
        unit.lockKey(rowKey(what, tenant, key), lockWait, what + " " + key);
    }

    /** Like {@link #lock} without waiting: another unit holding the row fails this at once. */
    void lockNoWait(InMemoryUnitOfWork unit, TenantId tenant, String key) {
        unit.lockKey(rowKey(what, tenant, key), Duration.ZERO, what + " " + key);
    }

    Optional<R> find(TenantId tenant, String key) {
        var rows = byTenant.get(tenant);
        return rows == null ? Optional.empty() : Optional.ofNullable(rows.get(key));
    }

    Optional<R> find(TenantId tenant, UUID id) {
        return find(tenant, id.toString());
    }

    /** The visible rows after {@code afterKey} (all when null) in key order; the cursor is the last key. */
    Page<R> list(TenantId tenant, String afterKey, int limit, Predicate<R> visible) {
        var rows = byTenant.get(tenant);
        List<R> fetched = new ArrayList<>();
        if (rows != null) {
            Collection<R> from = afterKey == null
                    ? rows.values()
                    : rows.tailMap(afterKey, false).values();
            for (R r : from) {
                if (fetched.size() > limit) {
                    break;
                }
                if (visible.test(r)) {
                    fetched.add(r);
                }
            }
        }
        return Page.of(fetched, limit, keyOf);
    }

    /** A page of a table keyed by server-made ids; a cursor that is no id is a validation error. */
    Page<R> listById(TenantId tenant, PageRequest page) {
        String after = page.cursor() == null
                ? null
                : RowIds.parse("cursor", page.cursor()).toString();
        return list(tenant, after, page.limit(), r -> true);
    }

    /** Inserts a row whose key is new (ids are server-made, so a clash is a bug). */
    R insert(InMemoryUnitOfWork unit, TenantId tenant, R row) {
        String key = keyOf.apply(row);
        if (!insertIfAbsent(unit, tenant, row)) {
            throw new IllegalStateException(what + " " + key + " already exists");
        }
        return row;
    }

    /**
     * Inserts a row whose key is new as a unit of its own, holding the tenant's shared gate for the
     * duration of the insert: the create that gates itself.
     *
     * @throws dev.lockstep.domain.DomainException {@code tenant_write_conflict} when a purge of the
     *     tenant is queued or running; nothing is inserted
     */
    R insertGated(TenantGates gates, TenantId tenant, R row) {
        return gates.shared(List.of(tenant), unit -> insert(unit, tenant, row));
    }

    /** Inserts the row unless its key is taken; whether it did. */
    boolean insertIfAbsent(InMemoryUnitOfWork unit, TenantId tenant, R row) {
        String key = keyOf.apply(row);
        ConcurrentSkipListMap<String, R> rows = tenant(tenant);
        if (rows.putIfAbsent(key, row) != null) {
            return false;
        }
        unit.onRollback(() -> rows.remove(key, row));
        return true;
    }

    /** Puts {@code row} in place of whatever has its key; the caller holds the row's lock. */
    void put(InMemoryUnitOfWork unit, TenantId tenant, R row) {
        unit.put(tenant(tenant), keyOf.apply(row), row);
    }

    /** Removes {@code row} if it is still there; the caller holds the row's lock. Whether it did. */
    boolean remove(InMemoryUnitOfWork unit, TenantId tenant, R row) {
        String key = keyOf.apply(row);
        var rows = byTenant.get(tenant);
        if (rows == null || !rows.remove(key, row)) {
            return false;
        }
        unit.onRollback(() -> tenant(tenant).put(key, row));
        return true;
    }

    /** Replaces the row under its lock; empty when the tenant has no such row. */
    Optional<R> update(InMemoryUnitOfWork unit, TenantId tenant, UUID id, UnaryOperator<R> change) {
        return lockAndRead(unit, tenant, id).map(current -> {
            R updated = change.apply(current);
            put(unit, tenant, updated);
            return updated;
        });
    }

    /** Moves the row to another tenant under its lock; empty when {@code from} has no such row. */
    Optional<R> move(InMemoryUnitOfWork unit, TenantId from, TenantId to, UUID id, UnaryOperator<R> change) {
        return lockAndRead(unit, from, id).map(current -> {
            R updated = change.apply(current);
            remove(unit, from, current);
            put(unit, to, updated);
            return updated;
        });
    }

    /** Removes the row under its lock; whether this call removed it. */
    boolean delete(InMemoryUnitOfWork unit, TenantId tenant, UUID id) {
        return lockAndRead(unit, tenant, id)
                .map(current -> remove(unit, tenant, current))
                .orElse(false);
    }

    /** Locks the row, then reads it: what another unit committed while this one waited counts. */
    private Optional<R> lockAndRead(InMemoryUnitOfWork unit, TenantId tenant, UUID id) {
        lock(unit, tenant, id.toString());
        return find(tenant, id);
    }

    List<R> snapshot(TenantId tenant) {
        var rows = byTenant.get(tenant);
        return rows == null ? List.of() : List.copyOf(rows.values());
    }

    void forEachTenant(BiConsumer<TenantId, Collection<R>> action) {
        byTenant.forEach((t, rows) -> action.accept(t, rows.values()));
    }

    /** Removes every row of the tenant (inside the purge's unit); the rows that went. */
    Collection<R> purge(InMemoryUnitOfWork unit, TenantId tenant) {
        var removed = byTenant.remove(tenant);
        if (removed == null) {
            return List.of();
        }
        unit.onRollback(() -> byTenant.put(tenant, removed));
        return removed.values();
    }
}
