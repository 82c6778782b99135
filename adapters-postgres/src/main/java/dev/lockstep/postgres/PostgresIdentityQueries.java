package dev.lockstep.postgres;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.ExternalId;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.identity.IdentityMeta;
import dev.lockstep.domain.identity.IdentityQueries;
import dev.lockstep.domain.identity.IdentityRef;
import dev.lockstep.domain.identity.Ratelimit;
import dev.lockstep.domain.json.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** PostgreSQL {@link IdentityQueries}: one autocommit statement each, no lock. */
public final class PostgresIdentityQueries implements IdentityQueries {

    /** The ratelimits of identity {@code m.id} as one JSON array; used through ratelimits_identity_id_name. */
    private static final String RATELIMITS_JSON =
            """
      (SELECT coalesce(json_agg(json_build_object(
                 'id', r.id, 'name', r.name, 'limit', r.request_limit, 'durationMs', r.duration_ms,
                 'autoApply', r.auto_apply, 'createdAt', r.created_at, 'updatedAt', r.updated_at)), '[]'::json)::text
         FROM ratelimits r WHERE r.identity_id = m.id)""";

    /**
     * The identity read, one statement and no lock: a UNION ALL of the id lookup (identities_pkey) and
     * the externalId lookup (identities_one_generation), the id match first (pri 0) so it wins
     * deterministically, and the ratelimits aggregated as JSON (ratelimits_identity_id_name).
     * Parameters: id (uuid or null), tenant, tenant, externalId.
     */
    static final String FIND_BY_REF =
            """
      SELECT m.id, m.external_id, m.meta::text, m.created_at, m.updated_at,
      """
                    + RATELIMITS_JSON
                    + """

        FROM ((SELECT i.id, i.external_id, i.meta, i.created_at, i.updated_at, 0 AS pri
                 FROM identities i
                WHERE i.id = ? AND i.tenant_id = ? AND NOT i.deleted)
              UNION ALL
              (SELECT i.id, i.external_id, i.meta, i.created_at, i.updated_at, 1 AS pri
                 FROM identities i
                WHERE i.tenant_id = ? AND i.external_id = ? AND NOT i.deleted)
              ORDER BY pri
              LIMIT 1) m
      """;

    /** Active identities of a tenant after a cursor, by identities_active_tenant_id. */
    static final String LIST = """
      SELECT m.id, m.external_id, m.meta::text, m.created_at, m.updated_at,
      """
            + RATELIMITS_JSON
            + """

        FROM identities m
       WHERE m.tenant_id = ? AND NOT m.deleted AND m.id > ?
       ORDER BY m.id
       LIMIT ?
      """;

    private final PgTransactions tx;

    PostgresIdentityQueries(PgTransactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Identity> find(TenantId tenant, IdentityRef ref) {
        return tx.autocommit(c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND_BY_REF)) {
                bindRef(ps, tenant, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readIdentity(rs, tenant)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Page<Identity> list(TenantId tenant, PageRequest page) {
        UUID after = page.cursor() == null ? new UUID(0, 0) : UUID.fromString(page.cursor());
        return tx.autocommit(c -> {
            try (PreparedStatement ps = c.prepareStatement(LIST)) {
                ps.setString(1, tenant.value());
                ps.setObject(2, after);
                ps.setInt(3, page.limit() + 1);
                List<Identity> fetched = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fetched.add(readIdentity(rs, tenant));
                    }
                }
                return Page.of(fetched, page.limit(), i -> i.id().toString());
            }
        });
    }

    /** Binds a ref's parameters: id (uuid or null), tenant, tenant, externalId. */
    static void bindRef(PreparedStatement ps, TenantId tenant, IdentityRef ref) throws SQLException {
        Optional<UUID> id = ref.asId();
        if (id.isPresent()) {
            ps.setObject(1, id.get());
        } else {
            ps.setNull(1, Types.OTHER);
        }
        ps.setString(2, tenant.value());
        ps.setString(3, tenant.value());
        ps.setString(4, ref.value());
    }

    private static Identity readIdentity(ResultSet rs, TenantId tenant) throws SQLException {
        List<Ratelimit> ratelimits = new ArrayList<>();
        for (Object o : (List<?>) Json.parse(rs.getString(6))) {
            Map<?, ?> r = (Map<?, ?>) o;
            ratelimits.add(new Ratelimit(
                    UUID.fromString((String) r.get("id")),
                    (String) r.get("name"),
                    ((Number) r.get("limit")).longValue(),
                    ((Number) r.get("durationMs")).longValue(),
                    (Boolean) r.get("autoApply"),
                    OffsetDateTime.parse((String) r.get("createdAt")).toInstant(),
                    OffsetDateTime.parse((String) r.get("updatedAt")).toInstant()));
        }
        return new Identity(
                rs.getObject(1, UUID.class),
                tenant,
                new ExternalId(rs.getString(2)),
                IdentityMeta.fromJson(rs.getString(3)),
                ratelimits,
                rs.getTimestamp(4).toInstant(),
                rs.getTimestamp(5).toInstant());
    }
}
