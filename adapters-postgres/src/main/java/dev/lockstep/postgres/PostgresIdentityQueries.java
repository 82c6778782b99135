package dev.lockstep.postgres;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.ExternalId;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.identity.IdentityMeta;
import dev.lockstep.domain.identity.IdentityQueries;
import dev.lockstep.domain.identity.IdentityRef;
import dev.lockstep.domain.identity.Ratelimit;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** PostgreSQL {@link IdentityQueries}: one autocommit statement each, no lock. */
public final class PostgresIdentityQueries implements IdentityQueries {

    /**
     * The ratelimits of identity {@code m.id} as one JSON array of positional arrays {@code [id, name,
     * limit, durationMs, autoApply, createdAt, updatedAt]}, the instants as epoch microseconds: read
     * with a streaming parser, no member names and no timestamp text to parse (the text form cost more
     * CPU than the rest of the read). Used through ratelimits_identity_id_name.
     */
    private static final String RATELIMITS_JSON =
            """
      (SELECT coalesce(json_agg(json_build_array(
                 r.id, r.name, r.request_limit, r.duration_ms, r.auto_apply,
                 (extract(epoch FROM r.created_at) * 1000000)::bigint,
                 (extract(epoch FROM r.updated_at) * 1000000)::bigint)), '[]'::json)::text
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
        return new Identity(
                rs.getObject(1, UUID.class),
                tenant,
                new ExternalId(rs.getString(2)),
                new IdentityMeta(PgJson.readObject(rs.getString(3))),
                readRatelimits(rs.getString(6)),
                PgRows.instant(rs, 4),
                PgRows.instant(rs, 5));
    }

    /** The array {@link #RATELIMITS_JSON} makes. */
    static List<Ratelimit> readRatelimits(String json) {
        List<Ratelimit> ratelimits = new ArrayList<>();
        try (JsonParser p = PgJson.parser(json)) {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_ARRAY) {
                p.nextToken();
                UUID id = UUID.fromString(p.getText());
                p.nextToken();
                String name = p.getText();
                p.nextToken();
                long limit = p.getLongValue();
                p.nextToken();
                long durationMs = p.getLongValue();
                boolean autoApply = p.nextToken() == JsonToken.VALUE_TRUE;
                p.nextToken();
                Instant createdAt = fromMicros(p.getLongValue());
                p.nextToken();
                Instant updatedAt = fromMicros(p.getLongValue());
                expect(p.nextToken(), JsonToken.END_ARRAY);
                ratelimits.add(new Ratelimit(id, name, limit, durationMs, autoApply, createdAt, updatedAt));
            }
            expect(p.currentToken(), JsonToken.END_ARRAY);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable ratelimits: " + e.getMessage(), e);
        }
        return ratelimits;
    }

    private static void expect(JsonToken found, JsonToken wanted) {
        if (found != wanted) {
            throw new IllegalStateException("unreadable ratelimits: " + wanted + " expected, found " + found);
        }
    }

    private static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
