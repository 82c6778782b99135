package dev.lockstep.inmemory;

import dev.lockstep.domain.org.NewOrganization;
import dev.lockstep.domain.org.Organization;
import dev.lockstep.domain.org.OrganizationQueries;
import dev.lockstep.domain.org.OrganizationStore;
import dev.lockstep.domain.org.OrganizationSync;
import dev.lockstep.domain.org.Slugs;
import dev.lockstep.domain.tenant.UnitWork;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Organizations in memory: the plain reads and the serialized event units here, the writes of a
 * unit in {@link InUnit}. Locks are keys of the unit, held until it ends, each waited for at most the
 * organization lock bound, in the order the port documents: the IdP organization's key (taken by
 * {@link #serialized}), then a base slug's key (only an insert takes one), then row keys. A row key
 * is taken only for a row that exists or that this unit inserts, so no path waits for a slug key
 * while holding a row key.
 */
final class InMemoryOrganizations implements OrganizationQueries, OrganizationSync {

    /** The lock serializing the events of one IdP organization. */
    private record IdpLock(String idpId) {}

    /** The lock serializing slug assignment for one base slug. */
    private record SlugLock(String base) {}

    /** The in-memory {@code SELECT … FOR UPDATE} of one organization. */
    private record RowLock(UUID id) {}

    private final KeyLocks keyLocks;
    private final Duration lockWait;
    private final Map<UUID, Organization> rows = new ConcurrentHashMap<>();
    private final Map<String, UUID> byIdpId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, UUID> bySlug = new ConcurrentSkipListMap<>();

    InMemoryOrganizations(KeyLocks keyLocks, Duration organizationLockWait) {
        this.keyLocks = keyLocks;
        this.lockWait = organizationLockWait;
    }

    @Override
    public <T> T serialized(String idpId, UnitWork<OrganizationStore, T> work) {
        return InMemoryUnitOfWork.run(keyLocks, unit -> {
            unit.lockKey(new IdpLock(idpId), lockWait, "organization " + idpId);
            return work.run(new InUnit(unit));
        });
    }

    @Override
    public void markExternalIdPushed(UUID id) {
        InMemoryUnitOfWork.run(keyLocks, unit -> {
            new InUnit(unit)
                    .lockRow(id)
                    .filter(Organization::externalIdPushPending)
                    .ifPresent(old -> unit.put(rows, id, old.pushed()));
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

    /** The organization writes of one serialized event unit. */
    private final class InUnit extends UnitBound implements OrganizationStore {
        private InUnit(InMemoryUnitOfWork unit) {
            super(unit);
        }

        @Override
        public Optional<Organization> findByIdpIdForUpdate(String idpId) {
            UUID id = byIdpId.get(idpId);
            if (id == null) {
                return Optional.empty();
            }
            // re-read under the row lock: a re-link to another IdP id may have moved the row meanwhile
            return lockRow(id).filter(o -> o.idpId().equals(idpId));
        }

        @Override
        public Optional<Organization> findByIdForUpdate(UUID id) {
            if (!rows.containsKey(id)) {
                return Optional.empty();
            }
            return lockRow(id);
        }

        @Override
        public Optional<Organization> insert(NewOrganization org) {
            String base = org.baseSlug();
            unit.lockKey(new SlugLock(base), lockWait, "slug " + base);
            // a racing insert of the same id holds this until its unit ends; then we see its outcome
            if (lockRow(org.id()).isPresent()) {
                return Optional.empty();
            }
            // another base's candidate can equal one of ours ("x-2" is the base of name "x 2"); that
            // base has its own lock, so the claim itself is atomic and a lost claim moves to the next
            // candidate
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
            unit.onRollback(() -> bySlug.remove(claimed, org.id()));
            Organization stored = org.withSlug(slug);
            unit.put(rows, org.id(), stored);
            unit.put(byIdpId, org.idpId(), org.id());
            return Optional.of(stored);
        }

        @Override
        public void update(Organization org) {
            Organization old = lockRow(org.id())
                    .orElseThrow(() ->
                            new IllegalStateException("update of organization " + org.id() + " that does not exist"));
            Organization kept = new Organization(
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
            unit.put(rows, org.id(), kept);
            if (!old.idpId().equals(org.idpId())) {
                if (byIdpId.remove(old.idpId(), org.id())) {
                    unit.onRollback(() -> byIdpId.put(old.idpId(), org.id()));
                }
                unit.put(byIdpId, org.idpId(), org.id());
            }
        }

        private Optional<Organization> lockRow(UUID id) {
            unit.lockKey(new RowLock(id), lockWait, "organization " + id);
            return Optional.ofNullable(rows.get(id));
        }
    }
}
