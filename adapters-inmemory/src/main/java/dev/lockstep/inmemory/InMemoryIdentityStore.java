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
import dev.lockstep.domain.identity.IdentityRef;
import dev.lockstep.domain.identity.IdentityStore;
import dev.lockstep.domain.identity.Ratelimit;
import dev.lockstep.domain.identity.RatelimitSet;
import dev.lockstep.domain.ids.IdGenerator;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * In-memory {@link IdentityStore}, with the same observable behaviour as the PostgreSQL one.
 *
 * <p>Rows are immutable values replaced whole, so a reader always sees one consistent row. The
 * {@code generations} map is the unique constraint on {@code (tenant, externalId, deleted)}: at most
 * one active and one deleted generation. Locks (all via the unit of work, held until it ends, each
 * bounded by {@link #ROW_LOCK_TIMEOUT}), always taken in this order:
 *
 * <ol>
 *   <li>{@link RowKey} — the stand-in for {@code SELECT … FOR UPDATE} on the identity's row: taken by
 *       update, delete and session creation; after it is granted the row is re-read and must still
 *       be active (PostgreSQL's re-check of a locked row);
 *   <li>{@link ExternalKey} — serializes the changes of one externalId's generations: taken by
 *       create and by delete (after the row lock), so the uniqueness check and the move from
 *       active to deleted never interleave.
 * </ol>
 *
 * Every map mutation registers its inverse with the unit's undo log.
 */
public final class InMemoryIdentityStore implements IdentityStore, TenantOwnedStore {
  private final InMemoryContext ctx;
  /** All rows (active and deleted) per tenant, keyed and ordered by the id's canonical text. */
  private final Map<TenantId, ConcurrentSkipListMap<String, Row>> rows = new ConcurrentHashMap<>();
  private final Map<Generation, String> generations = new ConcurrentHashMap<>();

  public InMemoryIdentityStore(InMemoryContext ctx) {
    this.ctx = ctx;
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
  }

  private record Generation(TenantId tenant, String externalId, boolean deleted) {}

  private record RowKey(UUID id) {}

  private record ExternalKey(TenantId tenant, String externalId) {}

  @Override
  public Identity create(Identity identity) {
    TenantId tenant = identity.tenantId();
    lock(new ExternalKey(tenant, identity.externalId().value()));
    Generation active = new Generation(tenant, identity.externalId().value(), false);
    if (generations.containsKey(active)) {
      throw new DomainException(ErrorCode.IDENTITY_EXISTS, "an active identity with externalId " + identity.externalId() + " exists");
    }
    Row row =
        new Row(
            identity.id(),
            tenant,
            identity.externalId(),
            identity.meta(),
            identity.ratelimits(),
            false,
            identity.createdAt(),
            identity.updatedAt());
    putGeneration(active, identity.id().toString());
    putRow(row);
    return row.identity();
  }

  @Override
  public Optional<Identity> find(TenantId tenant, IdentityRef ref) {
    return resolve(tenant, ref).map(Row::identity);
  }

  @Override
  public Page<Identity> list(TenantId tenant, PageRequest page) {
    ConcurrentSkipListMap<String, Row> all = rows.get(tenant);
    List<Identity> fetched = new ArrayList<>();
    if (all != null) {
      var from = page.cursor() == null ? all : all.tailMap(page.cursor(), false);
      for (Row row : from.values()) {
        if (!row.deleted()) {
          fetched.add(row.identity());
          if (fetched.size() > page.limit()) {
            break;
          }
        }
      }
    }
    return Page.of(fetched, page.limit(), i -> i.id().toString());
  }

  @Override
  public Optional<Updated> update(TenantId tenant, IdentityRef ref, IdentityPatch patch, Instant now, IdGenerator ids) {
    Optional<Row> locked = lockActiveRow(tenant, ref);
    if (locked.isEmpty()) {
      return Optional.empty();
    }
    Row row = locked.get();
    List<Ratelimit> ratelimits = row.ratelimits();
    List<UUID> removed = List.of();
    if (patch.ratelimits().isPresent()) {
      RatelimitSet.Replacement r = RatelimitSet.replace(row.ratelimits(), patch.ratelimits().get(), ids::newId, now);
      ratelimits = r.after();
      removed = r.removed().stream().map(Ratelimit::id).toList();
    }
    Row after =
        new Row(row.id(), tenant, row.externalId(), patch.meta().orElse(row.meta()), ratelimits, false, row.createdAt(), now);
    putRow(after);
    return Optional.of(new Updated(after.identity(), removed));
  }

  @Override
  public Optional<IdentityDeletion> softDelete(TenantId tenant, IdentityRef ref, Instant now) {
    Optional<Row> locked = lockActiveRow(tenant, ref);
    if (locked.isEmpty()) {
      return Optional.empty();
    }
    Row target = locked.get();
    String externalId = target.externalId().value();
    lock(new ExternalKey(tenant, externalId));
    Generation deletedGeneration = new Generation(tenant, externalId, true);
    Optional<UUID> older =
        IdentityDeletion.generationToRemove(
            target.id(), Optional.ofNullable(generations.get(deletedGeneration)).map(UUID::fromString));
    List<UUID> olderRatelimits = List.of();
    if (older.isPresent()) {
      Row old = rows.get(tenant).get(older.get().toString());
      olderRatelimits = old.ratelimits().stream().map(Ratelimit::id).toList();
      removeRow(old);
      removeGeneration(deletedGeneration);
    }
    removeGeneration(new Generation(tenant, externalId, false));
    putGeneration(deletedGeneration, target.id().toString());
    putRow(new Row(target.id(), tenant, target.externalId(), target.meta(), target.ratelimits(), true, target.createdAt(), now));
    return Optional.of(new IdentityDeletion(target.id(), older, olderRatelimits));
  }

  @Override
  public Optional<UUID> lockActive(TenantId tenant, IdentityRef ref) {
    return lockActiveRow(tenant, ref).map(Row::id);
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    Map<PurgeCategory, Long> counts = new EnumMap<>(PurgeCategory.class);
    ConcurrentSkipListMap<String, Row> removed = rows.remove(tenant);
    long ratelimits = 0;
    if (removed != null) {
      ctx.unitOfWork().onRollback(() -> rows.put(tenant, removed));
      for (Row row : removed.values()) {
        ratelimits += row.ratelimits().size();
        removeGeneration(new Generation(tenant, row.externalId().value(), row.deleted()));
      }
    }
    counts.put(PurgeCategory.IDENTITIES, removed == null ? 0L : (long) removed.size());
    counts.put(PurgeCategory.RATELIMITS, ratelimits);
    return counts;
  }

  /** The active row {@code ref} names: the id match first, else the active generation of that externalId. */
  private Optional<Row> resolve(TenantId tenant, IdentityRef ref) {
    ConcurrentSkipListMap<String, Row> all = rows.get(tenant);
    if (all == null) {
      return Optional.empty();
    }
    Optional<Row> byId = ref.asId().map(id -> all.get(id.toString())).filter(r -> !r.deleted());
    if (byId.isPresent() || !ref.couldBeExternalId()) {
      return byId;
    }
    return Optional.ofNullable(generations.get(new Generation(tenant, ref.value(), false)))
        .map(all::get)
        .filter(r -> !r.deleted());
  }

  /** Resolves, locks the row, and re-reads it: empty when it stopped being active meanwhile. */
  private Optional<Row> lockActiveRow(TenantId tenant, IdentityRef ref) {
    Optional<Row> resolved = resolve(tenant, ref);
    if (resolved.isEmpty()) {
      return Optional.empty();
    }
    UUID id = resolved.get().id();
    lock(new RowKey(id));
    return Optional.ofNullable(rows.get(tenant)).map(all -> all.get(id.toString())).filter(r -> !r.deleted());
  }

  private void lock(Object key) {
    ctx.unitOfWork().lockKey(key, ROW_LOCK_TIMEOUT, "identity");
  }

  private void putRow(Row row) {
    ConcurrentSkipListMap<String, Row> all = rows.computeIfAbsent(row.tenant(), t -> new ConcurrentSkipListMap<>());
    String key = row.id().toString();
    Row previous = all.put(key, row);
    ctx.unitOfWork()
        .onRollback(
            () -> {
              if (previous == null) {
                all.remove(key, row);
              } else {
                all.put(key, previous);
              }
            });
  }

  private void removeRow(Row row) {
    ConcurrentSkipListMap<String, Row> all = rows.get(row.tenant());
    String key = row.id().toString();
    if (all != null && all.remove(key, row)) {
      ctx.unitOfWork().onRollback(() -> all.put(key, row));
    }
  }

  private void putGeneration(Generation g, String id) {
    String previous = generations.put(g, id);
    ctx.unitOfWork()
        .onRollback(
            () -> {
              if (previous == null) {
                generations.remove(g, id);
              } else {
                generations.put(g, previous);
              }
            });
  }

  private void removeGeneration(Generation g) {
    String previous = generations.remove(g);
    if (previous != null) {
      ctx.unitOfWork().onRollback(() -> generations.put(g, previous));
    }
  }
}
