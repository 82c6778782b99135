package dev.lockstep.inmemory;

import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.stack.EnvMerge;
import dev.lockstep.domain.stack.EnvPatch;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.stack.Stack;
import dev.lockstep.domain.stack.StackErrors;
import dev.lockstep.domain.stack.StackRef;
import dev.lockstep.domain.stack.StackStatus;
import dev.lockstep.domain.stack.StackStore;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * In-memory {@link StackStore}. The stand-in for the row lock is {@link InMemoryUnitOfWork#lockKey}
 * on {@link #lockKey(TenantId, Slug)}, waited for at most the env lock timeout and held until the
 * unit ends; every read-decide-write of one stack (merge, mark deleting, teardown) happens under it,
 * after the tenant's shared lock (lock order tenant → row). Every map change registers its inverse,
 * so a unit that fails later leaves nothing behind.
 */
public final class InMemoryStackStore implements StackStore, TenantOwnedStore {
  private final InMemoryContext ctx;
  /** Per tenant, the stacks by slug (sorted: lists page in slug order). */
  private final Map<TenantId, ConcurrentSkipListMap<String, Row>> byTenant = new ConcurrentHashMap<>();
  /** Stacks being torn down and since when: what the teardown job scans, instead of every row. */
  private final Map<StackRef, Instant> deleting = new ConcurrentHashMap<>();

  public InMemoryStackStore(InMemoryContext ctx) {
    this.ctx = ctx;
  }

  /** One stored stack; replaced as a whole on every change. */
  private record Row(StackStatus status, Map<String, String> env, Instant createdAt, Instant updatedAt, Instant deletingSince) {}

  /** The key of a stack's row lock (distinct from any other store's keys). */
  private record StackRowKey(TenantId tenant, String slug) {}

  /**
   * The key this store locks a stack's row on, for tests that hold the lock from another unit:
   * {@code unitOfWork.lockKey(InMemoryStackStore.lockKey(t, s), timeout, what)}.
   */
  public static Object lockKey(TenantId tenant, Slug slug) {
    return new StackRowKey(tenant, slug.value());
  }

  @Override
  public Stack create(TenantId tenant, Slug slug, Map<String, String> env) {
    Instant now = Timestamps.now(ctx.clock());
    Row row = new Row(StackStatus.ACTIVE, Map.copyOf(env), now, now, null);
    ConcurrentSkipListMap<String, Row> rows = rows(tenant);
    if (rows.putIfAbsent(slug.value(), row) != null) {
      throw StackErrors.exists(slug);
    }
    ctx.unitOfWork().onRollback(() -> rows.remove(slug.value(), row));
    return toStack(tenant, slug, row);
  }

  @Override
  public Optional<Stack> find(TenantId tenant, Slug slug) {
    ConcurrentSkipListMap<String, Row> rows = byTenant.get(tenant);
    Row row = rows == null ? null : rows.get(slug.value());
    return Optional.ofNullable(row).map(r -> toStack(tenant, slug, r));
  }

  @Override
  public Page<Stack> list(TenantId tenant, PageRequest page) {
    ConcurrentSkipListMap<String, Row> rows = byTenant.get(tenant);
    List<Stack> fetched = new ArrayList<>();
    if (rows != null) {
      Map<String, Row> tail = page.cursor() == null ? rows : rows.tailMap(page.cursor(), false);
      for (Map.Entry<String, Row> e : tail.entrySet()) {
        if (fetched.size() > page.limit()) {
          break;
        }
        fetched.add(toStack(tenant, Slug.of(e.getKey()), e.getValue()));
      }
    }
    return Page.of(fetched, page.limit(), s -> s.slug().value());
  }

  @Override
  public EnvMerge mergeEnv(TenantId tenant, Slug slug, EnvPatch patch) {
    lockRow(tenant, slug);
    Row row = current(tenant, slug);
    if (row == null) {
      throw StackErrors.notFound(slug);
    }
    if (row.status() == StackStatus.DELETING) {
      throw StackErrors.deleting(slug);
    }
    EnvMerge merge = patch.applyTo(row.env()); // env_too_large is thrown here, before any write
    replace(tenant, slug, row, new Row(row.status(), merge.env(), row.createdAt(), Timestamps.now(ctx.clock()), null));
    return merge;
  }

  @Override
  public Stack markDeleting(TenantId tenant, Slug slug) {
    lockRow(tenant, slug);
    Row row = current(tenant, slug);
    if (row == null) {
      throw StackErrors.notFound(slug);
    }
    if (row.status() == StackStatus.DELETING) {
      return toStack(tenant, slug, row);
    }
    Instant now = Timestamps.now(ctx.clock());
    Row marked = new Row(StackStatus.DELETING, row.env(), row.createdAt(), now, now);
    replace(tenant, slug, row, marked);
    StackRef ref = new StackRef(tenant, slug);
    deleting.put(ref, now);
    ctx.unitOfWork().onRollback(() -> deleting.remove(ref, now));
    return toStack(tenant, slug, marked);
  }

  @Override
  public boolean removeDeleting(TenantId tenant, Slug slug, Instant deletingSinceAtOrBefore) {
    lockRow(tenant, slug);
    Row row = current(tenant, slug);
    if (row == null || row.status() != StackStatus.DELETING || row.deletingSince().isAfter(deletingSinceAtOrBefore)) {
      return false;
    }
    ConcurrentSkipListMap<String, Row> rows = rows(tenant);
    rows.remove(slug.value(), row);
    StackRef ref = new StackRef(tenant, slug);
    deleting.remove(ref);
    ctx.unitOfWork()
        .onRollback(
            () -> {
              rows.put(slug.value(), row);
              deleting.put(ref, row.deletingSince());
            });
    return true;
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

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    ConcurrentSkipListMap<String, Row> removed = byTenant.remove(tenant);
    if (removed == null) {
      return Map.of(PurgeCategory.STACKS, 0L);
    }
    Map<StackRef, Instant> removedDeleting = new ConcurrentHashMap<>();
    removed.forEach(
        (slug, row) -> {
          if (row.status() == StackStatus.DELETING) {
            StackRef ref = new StackRef(tenant, Slug.of(slug));
            deleting.remove(ref);
            removedDeleting.put(ref, row.deletingSince());
          }
        });
    ctx.unitOfWork()
        .onRollback(
            () -> {
              byTenant.put(tenant, removed);
              deleting.putAll(removedDeleting);
            });
    return Map.of(PurgeCategory.STACKS, (long) removed.size());
  }

  private void lockRow(TenantId tenant, Slug slug) {
    ctx.unitOfWork().lockKey(lockKey(tenant, slug), ctx.settings().envLockTimeout(), "stack " + slug.value());
  }

  private Row current(TenantId tenant, Slug slug) {
    ConcurrentSkipListMap<String, Row> rows = byTenant.get(tenant);
    return rows == null ? null : rows.get(slug.value());
  }

  private void replace(TenantId tenant, Slug slug, Row before, Row after) {
    ConcurrentSkipListMap<String, Row> rows = rows(tenant);
    rows.put(slug.value(), after);
    ctx.unitOfWork().onRollback(() -> rows.replace(slug.value(), after, before));
  }

  private ConcurrentSkipListMap<String, Row> rows(TenantId tenant) {
    return byTenant.computeIfAbsent(tenant, t -> new ConcurrentSkipListMap<>());
  }

  private static Stack toStack(TenantId tenant, Slug slug, Row row) {
    return new Stack(tenant, slug, row.status(), row.env(), row.createdAt(), row.updatedAt());
  }
}
