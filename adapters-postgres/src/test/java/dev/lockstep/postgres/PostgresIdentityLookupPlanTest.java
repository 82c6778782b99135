package dev.lockstep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.postgres.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The hot identity and session statements, exactly as the store runs them, planned over 120,000
 * identities (200,000 ratelimits, 50,000 sessions) loaded with {@code generate_series}: every plan
 * uses the indexes and none scans a table sequentially — for the plan PostgreSQL picks for the
 * bound values and for the generic plan a prepared statement settles on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresIdentityLookupPlanTest {
    private static final String TENANT = "plan-tenant";
    private static final int IDENTITIES = 120_000;

    private PostgresFixture fixture;
    private UUID someId;

    @BeforeAll
    void load() throws SQLException {
        fixture = new PostgresFixture();
        try (Connection c = fixture.dataSource().getConnection();
                Statement s = c.createStatement()) {
            // 100k identities of one tenant, 20k of others; a deleted generation for every tenth externalId
            s.execute(
                    """
          INSERT INTO identities (id, tenant_id, external_id, meta, deleted, deleted_at, created_at, updated_at)
          SELECT gen_random_uuid(), CASE WHEN g <= 100000 THEN 'plan-tenant' ELSE 'other-' || mod(g, 50) END,
                 'ext-' || g, jsonb_build_object('n', g), false, NULL, now(), now()
            FROM generate_series(1, %d) g
          """
                            .formatted(IDENTITIES));
            s.execute(
                    """
          INSERT INTO identities (id, tenant_id, external_id, meta, deleted, deleted_at, created_at, updated_at)
          SELECT gen_random_uuid(), 'plan-tenant', 'ext-' || g, '{}', true, now(), now(), now()
            FROM generate_series(1, 100000, 10) g
          """);
            s.execute(
                    """
          INSERT INTO ratelimits (id, identity_id, name, request_limit, duration_ms, auto_apply, created_at, updated_at)
          SELECT gen_random_uuid(), i.id, n.name, 100, 60000, false, now(), now()
            FROM identities i CROSS JOIN (VALUES ('api'), ('login')) AS n(name)
           WHERE NOT i.deleted AND i.external_id <> 'ext-7'
          """);
            s.execute(
                    """
          INSERT INTO sessions (id, tenant_id, identity_id, token_hash, created_at)
          SELECT gen_random_uuid(), i.tenant_id, i.id, encode(sha256(i.id::text::bytea), 'hex'), now()
            FROM identities i WHERE NOT i.deleted AND right(i.external_id, 1) IN ('1', '2', '3', '4', '5')
             AND length(i.external_id) > 5
          """);
            s.execute("ANALYZE identities");
            s.execute("ANALYZE ratelimits");
            s.execute("ANALYZE sessions");
            try (ResultSet rs =
                    s.executeQuery("SELECT id FROM identities WHERE external_id = 'ext-4242' AND NOT deleted")) {
                rs.next();
                someId = rs.getObject(1, UUID.class);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM identities")) {
                rs.next();
                assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(100_000);
            }
        }
    }

    @AfterAll
    void close() {
        fixture.close();
    }

    @Test
    void lookupByExternalIdIsOneIndexedStatementWithoutSequentialScans() throws SQLException {
        List<String> plan = explain(PostgresIdentityQueries.FIND_BY_REF, null, TENANT, TENANT, "ext-4242");
        assertIndexedOnly(plan);
        assertThat(String.join("\n", plan))
                .contains("identities_one_generation")
                .contains("ratelimits_identity_id_name");
    }

    @Test
    void lookupByIdUsesThePrimaryKeyAndTheRatelimitIndex() throws SQLException {
        List<String> plan = explain(PostgresIdentityQueries.FIND_BY_REF, someId, TENANT, TENANT, someId.toString());
        assertIndexedOnly(plan);
        // the id branch may use the primary key or the active-tenant index (both lead to one row)
        assertThat(String.join("\n", plan))
                .containsAnyOf("identities_pkey", "identities_active_tenant_id")
                .contains("ratelimits_identity_id_name");
    }

    @Test
    void lockingResolveOfUpdateAndDeleteUsesTheIndexes() throws SQLException {
        assertIndexedOnly(
                explain(PostgresIdentityStore.LOCK_BY_REF + " FOR NO KEY UPDATE", null, TENANT, TENANT, "ext-99"));
        assertIndexedOnly(
                explain(PostgresIdentityStore.LOCK_BY_REF + " FOR SHARE", someId, TENANT, TENANT, someId.toString()));
    }

    @Test
    void listPageUsesTheActiveTenantIndex() throws SQLException {
        List<String> plan = explain(PostgresIdentityQueries.LIST, TENANT, new UUID(0, 0), 21);
        assertIndexedOnly(plan);
        assertThat(String.join("\n", plan)).contains("identities_active_tenant_id");
    }

    @Test
    void sessionRemovalsAndTokenLookupUseTheirIndexes() throws SQLException {
        String hash = "0".repeat(64);
        assertIndexedOnly(explain(PostgresSessionQueries.TENANT_OF_TOKEN, hash));
        assertIndexedOnly(explain(PostgresSessionStore.DELETE_BY_TOKEN, hash, TENANT));
        assertIndexedOnly(explain(PostgresSessionStore.DELETE_ALL_OF, someId, TENANT));
    }

    /**
     * The plan for these values (the statement as the driver sends it), then the generic plan a
     * prepared statement settles on ({@code PREPARE} + {@code EXPLAIN EXECUTE} under
     * {@code plan_cache_mode = force_generic_plan}), as the lines of EXPLAIN's text output.
     */
    private List<String> explain(String sql, Object... params) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = fixture.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                lines.add("-- custom plan");
                try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
                    for (int i = 0; i < params.length; i++) {
                        if (params[i] == null) {
                            ps.setNull(i + 1, Types.OTHER);
                        } else {
                            ps.setObject(i + 1, params[i]);
                        }
                    }
                    readPlan(ps.executeQuery(), lines);
                }
                lines.add("-- generic plan");
                StringBuilder numbered = new StringBuilder();
                int n = 0;
                for (char ch : sql.toCharArray()) {
                    numbered.append(ch == '?' ? "$" + (++n) : String.valueOf(ch));
                }
                List<String> literals = new ArrayList<>();
                for (Object p : params) {
                    literals.add(p == null ? "NULL" : "'" + p.toString().replace("'", "''") + "'");
                }
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                    s.execute("PREPARE plan_under_test AS " + numbered);
                    readPlan(
                            s.executeQuery("EXPLAIN EXECUTE plan_under_test(" + String.join(", ", literals) + ")"),
                            lines);
                    s.execute("DEALLOCATE plan_under_test");
                }
            } finally {
                c.rollback();
            }
        }
        return lines;
    }

    private static void readPlan(ResultSet rs, List<String> into) throws SQLException {
        try (rs) {
            while (rs.next()) {
                into.add(rs.getString(1));
            }
        }
    }

    private static void assertIndexedOnly(List<String> plan) {
        String text = String.join("\n", plan);
        assertThat(text)
                .as(text)
                .doesNotContain("Seq Scan")
                .containsAnyOf("Index Scan", "Index Only Scan", "Bitmap Index Scan");
    }
}
