package dev.lockstep.inmemory;

import dev.lockstep.domain.org.NewOrganization;
import dev.lockstep.domain.org.Organization;
import dev.lockstep.domain.org.OrganizationStore;
import dev.lockstep.domain.org.Slugs;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * In-memory {@link OrganizationStore}. Locks are keys of the {@link InMemoryUnitOfWork}, held until
 * the unit ends, in the order the port documents: the IdP organization's key, then a base slug's
 * key (only an insert takes one), then row keys. A row key is taken only for a row that exists or
 * that this unit inserts, so no path waits for a slug key while holding a row key.
 */
public final class InMemoryOrganizationStore implements OrganizationStore {

  /** The lock serializing the events of one IdP organization. */
  private record IdpLock(String idpId) {}

  /** The lock serializing slug assignment for one base slug. */
  private record SlugLock(String base) {}

  /** The in-memory {@code SELECT … FOR UPDATE} of one organization. */
  private record RowLock(UUID id) {}

  private final InMemoryContext ctx;
  private final Map<UUID, Organization> rows = new ConcurrentHashMap<>();
  private final Map<String, UUID> byIdpId = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<String, UUID> bySlug = new ConcurrentSkipListMap<>();

  public InMemoryOrganizationStore(InMemoryContext ctx) {
    this.ctx = ctx;
  }

  private InMemoryUnitOfWork uow() {
    return ctx.unitOfWork();
  }

  @Override
  public <T> T serializeEvents(String idpId, Supplier<T> work) {
    return uow()
        .run(
            () -> {
              uow().lockKey(new IdpLock(idpId), LOCK_TIMEOUT, "organization " + idpId);
              return work.get();
            });
  }

  @Override
  public Optional<Organization> findByIdpIdForUpdate(String idpId) {
    requireUnit();
    UUID id = byIdpId.get(idpId);
    if (id == null) {
      return Optional.empty();
    }
    // re-read under the row lock: a re-link to another IdP id may have moved the row meanwhile
    return lockRow(id).filter(o -> o.idpId().equals(idpId));
  }

  @Override
  public Optional<Organization> findByIdForUpdate(UUID id) {
    requireUnit();
    if (!rows.containsKey(id)) {
      return Optional.empty();
    }
    return lockRow(id);
  }

  private Optional<Organization> lockRow(UUID id) {
    uow().lockKey(new RowLock(id), LOCK_TIMEOUT, "organization " + id);
    return Optional.ofNullable(rows.get(id));
  }

  @Override
  public Optional<Organization> insert(NewOrganization org) {
    requireUnit();
    String base = org.baseSlug();
    uow().lockKey(new SlugLock(base), LOCK_TIMEOUT, "slug " + base);
    // a racing insert of the same id holds this until its unit ends; then we see its outcome
    uow().lockKey(new RowLock(org.id()), LOCK_TIMEOUT, "organization " + org.id());
    if (rows.containsKey(org.id())) {
      return Optional.empty();
    }
    // another base's candidate can equal one of ours ("x-2" is the base of name "x 2"); that base
    // has its own lock, so the claim itself is atomic and a lost claim moves to the next candidate
    Set<String> lost = new HashSet<>();
    String slug;
    while (true) {
      slug = Slugs.smallestFree(base, s -> bySlug.containsKey(s) || lost.contains(s));
      if (bySlug.putIfAbsent(slug, org.id()) == null) {
        break;
      }
      lost.add(slug);
    }
    String claimed = slug;
    uow().onRollback(() -> bySlug.remove(claimed, org.id()));
    Organization stored = org.withSlug(slug);
    rows.put(org.id(), stored);
    uow().onRollback(() -> rows.remove(org.id()));
    UUID previous = byIdpId.put(org.idpId(), org.id());
    uow().onRollback(() -> restoreIdpLink(org.idpId(), previous));
    return Optional.of(stored);
  }

  @Override
  public void update(Organization org) {
    requireUnit();
    uow().lockKey(new RowLock(org.id()), LOCK_TIMEOUT, "organization " + org.id());
    Organization old = rows.get(org.id());
    if (old == null) {
      throw new IllegalStateException("update of organization " + org.id() + " that does not exist");
    }
    Organization kept =
        new Organization(
            org.id(),
            org.idpId(),
            org.name(),
            old.slug(),
            org.domains(),
            org.deleted(),
            org.lastEventId(),
            org.idpUpdatedAt(),
            old.createdAt(),
            org.updatedAt(),
            org.externalIdPushPending());
    rows.put(org.id(), kept);
    uow().onRollback(() -> rows.put(org.id(), old));
    if (!old.idpId().equals(org.idpId())) {
      byIdpId.remove(old.idpId(), org.id());
      UUID previous = byIdpId.put(org.idpId(), org.id());
      uow()
          .onRollback(
              () -> {
                restoreIdpLink(org.idpId(), previous);
                byIdpId.put(old.idpId(), org.id());
              });
    }
  }

  private void restoreIdpLink(String idpId, UUID previous) {
    if (previous == null) {
      byIdpId.remove(idpId);
    } else {
      byIdpId.put(idpId, previous);
    }
  }

  @Override
  public void markExternalIdPushed(UUID id) {
    uow()
        .run(
            () -> {
              uow().lockKey(new RowLock(id), LOCK_TIMEOUT, "organization " + id);
              Organization old = rows.get(id);
              if (old != null && old.externalIdPushPending()) {
                rows.put(id, old.pushed());
                uow().onRollback(() -> rows.put(id, old));
              }
              return null;
            });
  }

  @Override
  public Optional<Organization> findById(UUID id) {
    return Optional.ofNullable(rows.get(id));
  }

  @Override
  public Optional<Organization> findBySlug(String slug) {
    UUID id = bySlug.get(slug);
    return id == null ? Optional.empty() : findById(id);
  }

  private void requireUnit() {
    if (!uow().active()) {
      throw new IllegalStateException("organization writes run inside serializeEvents");
    }
  }
}
