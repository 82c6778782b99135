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
import java.util.function.UnaryOperator;

/**
 * Rows of one kind, per tenant, ordered by the id's canonical text (which is PostgreSQL's uuid
 * order). Mutations register their inverse with the unit of work; changes of an existing row first
 * take the row's key lock, held until the unit ends.
 */
final class TenantRows<R> {
  private final InMemoryUnitOfWork unitOfWork;
  private final String what;
  private final Duration rowLockTimeout;
  private final Map<TenantId, ConcurrentSkipListMap<String, R>> byTenant = new ConcurrentHashMap<>();

  /** @param rowLockTimeout how long a change waits for another unit holding the same row */
  TenantRows(InMemoryUnitOfWork unitOfWork, String what, Duration rowLockTimeout) {
    this.unitOfWork = unitOfWork;
    this.what = what;
    this.rowLockTimeout = rowLockTimeout;
  }

  private record RowKey(String what, UUID id) {}

  private ConcurrentSkipListMap<String, R> tenant(TenantId tenant) {
    return byTenant.computeIfAbsent(tenant, t -> new ConcurrentSkipListMap<>());
  }

  void lockRow(UUID id) {
    unitOfWork.lockKey(new RowKey(what, id), rowLockTimeout, what + " " + id);
  }

  void insert(TenantId tenant, UUID id, R row) {
    String key = id.toString();
    ConcurrentSkipListMap<String, R> rows = tenant(tenant);
    if (rows.putIfAbsent(key, row) != null) {
      throw new IllegalStateException(what + " " + id + " already exists");
    }
    unitOfWork.onRollback(() -> tenant(tenant).remove(key, row));
  }

  Optional<R> find(TenantId tenant, UUID id) {
    var rows = byTenant.get(tenant);
    return rows == null ? Optional.empty() : Optional.ofNullable(rows.get(id.toString()));
  }

  Page<R> list(TenantId tenant, PageRequest page, Function<R, UUID> idOf) {
    String after = page.cursor() == null ? null : RowIds.parse("cursor", page.cursor()).toString();
    var rows = byTenant.get(tenant);
    List<R> fetched = new ArrayList<>();
    if (rows != null) {
      Collection<R> from = after == null ? rows.values() : rows.tailMap(after, false).values();
      for (R r : from) {
        if (fetched.size() > page.limit()) {
          break;
        }
        fetched.add(r);
      }
    }
    return Page.of(fetched, page.limit(), r -> idOf.apply(r).toString());
  }

  /** Replaces the row under its lock; empty when the tenant has no such row. */
  Optional<R> update(TenantId tenant, UUID id, UnaryOperator<R> change) {
    lockRow(id);
    String key = id.toString();
    var rows = byTenant.get(tenant);
    R current = rows == null ? null : rows.get(key);
    if (current == null) {
      return Optional.empty();
    }
    R updated = change.apply(current);
    rows.put(key, updated);
    unitOfWork.onRollback(() -> tenant(tenant).put(key, current));
    return Optional.of(updated);
  }

  /** Moves the row to another tenant under its lock; empty when {@code from} has no such row. */
  Optional<R> move(TenantId from, TenantId to, UUID id, UnaryOperator<R> change) {
    lockRow(id);
    String key = id.toString();
    var rows = byTenant.get(from);
    R current = rows == null ? null : rows.get(key);
    if (current == null) {
      return Optional.empty();
    }
    R updated = change.apply(current);
    rows.remove(key);
    tenant(to).put(key, updated);
    unitOfWork.onRollback(() -> {
      tenant(to).remove(key);
      tenant(from).put(key, current);
    });
    return Optional.of(updated);
  }

  /** Removes the row under its lock; whether this call removed it. */
  boolean delete(TenantId tenant, UUID id) {
    lockRow(id);
    String key = id.toString();
    var rows = byTenant.get(tenant);
    R removed = rows == null ? null : rows.remove(key);
    if (removed == null) {
      return false;
    }
    unitOfWork.onRollback(() -> tenant(tenant).put(key, removed));
    return true;
  }

  List<R> snapshot(TenantId tenant) {
    var rows = byTenant.get(tenant);
    return rows == null ? List.of() : List.copyOf(rows.values());
  }

  void forEachTenant(BiConsumer<TenantId, Collection<R>> action) {
    byTenant.forEach((t, rows) -> action.accept(t, rows.values()));
  }

  /** Removes every row of the tenant (inside the purge's unit); how many went. */
  long purge(TenantId tenant) {
    var removed = byTenant.remove(tenant);
    if (removed == null) {
      return 0;
    }
    unitOfWork.onRollback(() -> byTenant.put(tenant, removed));
    return removed.size();
  }
}
