package dev.lockstep.postgres;

import dev.lockstep.application.LockWaits;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.org.NewOrganization;
import dev.lockstep.domain.org.Organization;
import dev.lockstep.domain.org.OrganizationStore;
import dev.lockstep.domain.org.Slugs;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * PostgreSQL {@link OrganizationStore}: the organization writes of one serialized event unit
 * ({@link PostgresOrganizationSync}). Lock order, as the port documents: the IdP organization's
 * transaction-scoped advisory lock (held by the unit), then a base slug's advisory lock (inserts only), then row locks
 * ({@code FOR UPDATE}, and the row an INSERT writes). Every wait is bounded by the transaction's
 * {@code lock_timeout}.
 */
public final class PostgresOrganizationStore implements OrganizationStore {

    /** Serializes slug assignment for one base slug, until COMMIT (so the next one sees our slug). */
    private static final String LOCK_SLUG = "SELECT pg_advisory_xact_lock(hashtextextended('org_slug|' || ?, 0))";

    /** Row lock: the unit reads, decides and writes this organization without a lost update. */
    private static final String FIND_BY_IDP_FOR_UPDATE =
            "SELECT " + PostgresOrganizationQueries.COLUMNS + " FROM organizations WHERE idp_id = ? FOR UPDATE";

    private static final String FIND_BY_ID_FOR_UPDATE =
            "SELECT " + PostgresOrganizationQueries.COLUMNS + " FROM organizations WHERE id = ? FOR UPDATE";

    /**
     * The taken candidates of a base slug: a range scan of the slug index on the family prefix
     * (COLLATE "C" makes LIKE 'prefix%' indexable), filtered to the candidates' shape.
     */
    private static final String FAMILY = "SELECT slug FROM organizations WHERE slug LIKE ? ESCAPE '\\' AND slug ~ ?";

    /**
     * Any unique conflict (id, idp_id, slug) makes this insert nothing; waiting for a racing insert
     * of the same key to commit or roll back first. The caller then finds out which key it was.
     */
    private static final String INSERT =
            """
      INSERT INTO organizations (id, idp_id, name, slug, domains, deleted, last_event_id, idp_updated_at,
                                 created_at, updated_at, external_id_push_pending)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING
      RETURNING id
      """;

    private static final String EXISTS_ID = "SELECT 1 FROM organizations WHERE id = ?";

    /** The row is already locked by the unit's FOR UPDATE read; slug and created_at never change. */
    private static final String UPDATE =
            """
      UPDATE organizations
         SET idp_id = ?, name = ?, domains = ?, deleted = ?, last_event_id = ?, idp_updated_at = ?,
             updated_at = ?, external_id_push_pending = ?
       WHERE id = ?
      """;

    private final PgUnit unit;

    PostgresOrganizationStore(PgUnit unit) {
        this.unit = unit;
    }

    static void advisoryLock(PgUnit unit, LockWaits.Kind kind, String sql, String key, String what)
            throws SQLException {
        try (PreparedStatement ps = unit.connection().prepareStatement(sql)) {
            ps.setString(1, key);
            unit.awaitingLock(kind, c -> {
                ps.executeQuery().close();
                return null;
            });
        } catch (SQLException e) {
            if (PgErrors.is(e, PgErrors.LOCK_NOT_AVAILABLE)) {
                throw DomainException.lockTimeout(what);
            }
            throw e;
        }
    }

    @Override
    public Optional<Organization> findByIdpIdForUpdate(String idpId) {
        return unit.run(c -> PostgresOrganizationQueries.one(c, FIND_BY_IDP_FOR_UPDATE, ps -> ps.setString(1, idpId)));
    }

    @Override
    public Optional<Organization> findByIdForUpdate(UUID id) {
        return unit.run(c -> PostgresOrganizationQueries.one(c, FIND_BY_ID_FOR_UPDATE, ps -> ps.setObject(1, id)));
    }

    @Override
    public Optional<Organization> insert(NewOrganization org) {
        return unit.run(c -> {
            String base = org.baseSlug();
            advisoryLock(unit, LockWaits.Kind.SLUG, LOCK_SLUG, base, "slug " + base);
            Set<String> taken = family(c, base);
            for (int attempt = 1; attempt <= Slugs.CANDIDATES_PER_INSERT; attempt++) {
                String slug = Slugs.smallestFree(base, taken::contains);
                Timestamp created = Timestamp.from(org.createdAt());
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    ps.setObject(1, org.id());
                    ps.setString(2, org.idpId());
                    ps.setString(3, org.name());
                    ps.setString(4, slug);
                    ps.setArray(5, textArray(c, org.domains()));
                    ps.setBoolean(6, org.deleted());
                    ps.setString(7, org.lastEventId());
                    ps.setTimestamp(8, Timestamp.from(org.idpUpdatedAt()));
                    ps.setTimestamp(9, created);
                    ps.setTimestamp(10, created);
                    ps.setBoolean(11, org.externalIdPushPending());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return Optional.of(org.withSlug(slug));
                        }
                    }
                }
                if (exists(c, org.id())) {
                    return Optional.empty(); // a racing create of this id committed first
                }
                // the slug was claimed under another base's lock ("x-2" is also the base of "x 2")
                taken.add(slug);
            }
            // each round loses to a different concurrent event: so many at once is a storm, retried later
            throw DomainException.lockTimeout("a free slug for " + base);
        });
    }

    private static Set<String> family(Connection c, String base) throws SQLException {
        String prefix = Slugs.familyPrefix(base)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        Set<String> taken = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(FAMILY)) {
            ps.setString(1, prefix + "%");
            ps.setString(2, Slugs.candidatePattern(base));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    taken.add(rs.getString(1));
                }
            }
        }
        return taken;
    }

    private static boolean exists(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EXISTS_ID)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void update(Organization org) {
        unit.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
                ps.setString(1, org.idpId());
                ps.setString(2, org.name());
                ps.setArray(3, textArray(c, org.domains()));
                ps.setBoolean(4, org.deleted());
                ps.setString(5, org.lastEventId());
                ps.setTimestamp(6, Timestamp.from(org.idpUpdatedAt()));
                ps.setTimestamp(7, Timestamp.from(org.updatedAt()));
                ps.setBoolean(8, org.externalIdPushPending());
                ps.setObject(9, org.id());
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("update of organization " + org.id() + " that does not exist");
                }
            }
            return null;
        });
    }

    private static Array textArray(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }
}
