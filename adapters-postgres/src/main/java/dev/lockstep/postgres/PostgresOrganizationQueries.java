package dev.lockstep.postgres;

import dev.lockstep.domain.org.Organization;
import dev.lockstep.domain.org.OrganizationQueries;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** PostgreSQL {@link OrganizationQueries}: one autocommit statement each, no lock. */
public final class PostgresOrganizationQueries implements OrganizationQueries {

    static final String COLUMNS =
            "id, idp_id, name, slug, domains, deleted, last_event_id, idp_updated_at, created_at, updated_at, external_id_push_pending";

    private static final String FIND_BY_ID = "SELECT " + COLUMNS + " FROM organizations WHERE id = ?";

    private static final String FIND_BY_SLUG = "SELECT " + COLUMNS + " FROM organizations WHERE slug = ?";

    private final PgTransactions tx;

    PostgresOrganizationQueries(PgTransactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Organization> findById(UUID id) {
        return tx.autocommit(c -> one(c, FIND_BY_ID, ps -> ps.setObject(1, id)));
    }

    @Override
    public Optional<Organization> findBySlug(String slug) {
        return tx.autocommit(c -> one(c, FIND_BY_SLUG, ps -> ps.setString(1, slug)));
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    static Optional<Organization> one(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(map(rs));
            }
        }
    }

    static Organization map(ResultSet rs) throws SQLException {
        Array domains = rs.getArray("domains");
        List<String> domainList = domains == null ? List.of() : Arrays.asList((String[]) domains.getArray());
        return new Organization(
                rs.getObject("id", UUID.class),
                rs.getString("idp_id"),
                rs.getString("name"),
                rs.getString("slug"),
                domainList,
                rs.getBoolean("deleted"),
                rs.getString("last_event_id"),
                rs.getTimestamp("idp_updated_at").toInstant(),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getBoolean("external_id_push_pending"));
    }
}
