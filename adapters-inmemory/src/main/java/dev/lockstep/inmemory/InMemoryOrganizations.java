package dev.lockstep.inmemory;

import dev.lockstep.application.LockWaits;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.org.NewOrganization;
import dev.lockstep.domain.org.Organization;
import dev.lockstep.domain.org.OrganizationQueries;
import dev.lockstep.domain.org.OrganizationStore;
import dev.lockstep.domain.org.OrganizationSync;
import dev.lockstep.domain.org.Slugs;
import dev.lockstep.domain.tenant.UnitWork;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Organizations in H2: the plain reads and the serialized event units here, the writes of a unit in
 * {@link InUnit}. Locks are JVM keys of the unit, held until its transaction has ended, each waited
 * for at most the organization lock bound, in the order the port documents: the IdP organization's
 * key (taken by {@link #serialized}), then a base slug's key (only an insert takes one), then the
 * claim of one candidate slug, then row keys. A row key is taken only for a row that exists or that
 * this unit inserts, so no path waits for a slug key while holding a row key.
 */
final class InMemoryOrganizations implements OrganizationQueries, OrganizationSync {
    private static final String COLUMNS = "id, idp_id, name, slug, domains, deleted, last_event_id, idp_updated_at,"
            + " external_id_push_pending, created_at, updated_at";

    /** The lock serializing the events of one IdP organization. */
    private record IdpLock(String idpId) {}

    /** The lock serializing slug assignment for one base slug. */
    private record SlugLock(String base) {}

    /** The lock on one candidate slug: another base's family can contain it ("x-2" is the base of "x 2"). */
    private record SlugClaim(String slug) {}

    /** The in-memory {@code SELECT … FOR UPDATE} of one organization. */
    private record RowLock(UUID id) {}

    private static final Jdbc.RowMapper<Organization> ROW = rs -> new Organization(
            rs.getObject("id", UUID.class),
            rs.getString("idp_id"),
            rs.getString("name"),
            rs.getString("slug"),
            H2Json.strings(rs.getString("domains")),
            rs.getBoolean("deleted"),
            rs.getString("last_event_id"),
            Jdbc.instant(rs, "idp_updated_at"),
            Jdbc.instant(rs, "created_at"),
            Jdbc.instant(rs, "updated_at"),
            rs.getBoolean("external_id_push_pending"));

    private final InMemoryUnitOfWork.Shared shared;
    private final InMemoryDatabase db;
    private final Duration lockWait;

    InMemoryOrganizations(InMemoryUnitOfWork.Shared shared, Duration organizationLockWait) {
        this.shared = shared;
        this.db = shared.db();
        this.lockWait = organizationLockWait;
    }

    @Override
    public <T> T serialized(String idpId, UnitWork<OrganizationStore, T> work) {
        return InMemoryUnitOfWork.run(shared, unit -> {
            unit.lockKey(LockWaits.Kind.ORG, new IdpLock(idpId), lockWait, "organization " + idpId);
            return work.run(new InUnit(unit));
        });
    }

    @Override
    public void markExternalIdPushed(UUID id) {
        InMemoryUnitOfWork.run(shared, unit -> {
            InUnit store = new InUnit(unit);
            store.lockRow(id).filter(Organization::externalIdPushPending).ifPresent(old -> store.write(old.pushed()));
            return null;
        });
    }

    @Override
    public Optional<Organization> findById(UUID id) {
        return db.read(c -> byId(c, id));
    }

    @Override
    public Optional<Organization> findBySlug(String slug) {
        return db.read(c -> Jdbc.first(c, "SELECT " + COLUMNS + " FROM organizations WHERE slug = ?", ROW, slug));
    }

    private static Optional<Organization> byId(Connection c, UUID id) {
        return Jdbc.first(c, "SELECT " + COLUMNS + " FROM organizations WHERE id = ?", ROW, id);
    }

    /** The organization writes of one serialized event unit. */
    private final class InUnit extends UnitBound implements OrganizationStore {
        private InUnit(InMemoryUnitOfWork unit) {
            super(unit);
        }

        private Connection c() {
            return unit.connection();
        }

        @Override
        public Optional<Organization> findByIdpIdForUpdate(String idpId) {
            Optional<UUID> id = Jdbc.first(
                    c(), "SELECT id FROM organizations WHERE idp_id = ?", rs -> rs.getObject(1, UUID.class), idpId);
            // re-read under the row lock: a re-link to another IdP id may have moved the row meanwhile
            return id.flatMap(this::lockRow).filter(o -> o.idpId().equals(idpId));
        }

        @Override
        public Optional<Organization> findByIdForUpdate(UUID id) {
            if (byId(c(), id).isEmpty()) {
                return Optional.empty();
            }
            return lockRow(id);
        }

        @Override
        public Optional<Organization> insert(NewOrganization org) {
            String base = org.baseSlug();
            unit.lockKey(LockWaits.Kind.SLUG, new SlugLock(base), lockWait, "slug " + base);
            // a racing insert of the same id holds this until its unit ends; then we see its outcome
            if (lockRow(org.id()).isPresent()) {
                return Optional.empty();
            }
            // a candidate is claimed under its own key and re-checked there, so two bases whose
            // families share it never both take it; a lost claim moves to the next candidate
            Set<String> lost = new HashSet<>();
            String slug = null;
            for (int attempt = 1; attempt <= Slugs.CANDIDATES_PER_INSERT && slug == null; attempt++) {
                String candidate = Slugs.smallestFree(base, s -> lost.contains(s) || slugTaken(s));
                unit.lockKey(LockWaits.Kind.SLUG, new SlugClaim(candidate), lockWait, "slug " + candidate);
                if (slugTaken(candidate)) {
                    lost.add(candidate);
                } else {
                    slug = candidate;
                }
            }
            if (slug == null) {
                // each round lost to a different concurrent event: a storm, retried later (as on PostgreSQL)
                throw DomainException.lockTimeout("a free slug for " + base);
            }
            Organization stored = org.withSlug(slug);
            Jdbc.update(
                    c(),
                    "INSERT INTO organizations (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    stored.id(),
                    stored.idpId(),
                    stored.name(),
                    stored.slug(),
                    H2Json.write(stored.domains()),
                    stored.deleted(),
                    stored.lastEventId(),
                    stored.idpUpdatedAt(),
                    stored.externalIdPushPending(),
                    stored.createdAt(),
                    stored.updatedAt());
            return Optional.of(stored);
        }

        @Override
        public void update(Organization org) {
            Organization old = lockRow(org.id())
                    .orElseThrow(() ->
                            new IllegalStateException("update of organization " + org.id() + " that does not exist"));
            // slug and createdAt never change
            write(new Organization(
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
                    org.externalIdPushPending()));
        }

        void write(Organization o) {
            Jdbc.update(
                    c(),
                    "UPDATE organizations SET idp_id = ?, name = ?, domains = ?, deleted = ?, last_event_id = ?,"
                            + " idp_updated_at = ?, external_id_push_pending = ?, updated_at = ? WHERE id = ?",
                    o.idpId(),
                    o.name(),
                    H2Json.write(o.domains()),
                    o.deleted(),
                    o.lastEventId(),
                    o.idpUpdatedAt(),
                    o.externalIdPushPending(),
                    o.updatedAt(),
                    o.id());
        }

        private boolean slugTaken(String slug) {
            return Jdbc.first(c(), "SELECT 1 FROM organizations WHERE slug = ?", rs -> 1, slug)
                    .isPresent();
        }

        Optional<Organization> lockRow(UUID id) {
            unit.lockKey(new RowLock(id), lockWait, "organization " + id);
            return byId(c(), id);
        }
    }
}
