package dev.lockstep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.postgres.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every query the feedback-record and webhook routes make is served by an index: EXPLAIN of each,
 * with its parameters bound, over 200,000 records and 20,000 webhooks of 1,000 tenants (analyzed),
 * shows no sequential scan.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresRecordQueriesUseIndexesTest {
    private PostgresFixture fixture;
    private static final UUID SOME_ID = UUID.randomUUID();
    private static final String NULL_TEXT = "<null text>";

    @BeforeAll
    void fill() throws Exception {
        fixture = new PostgresFixture();
        try (Connection c = fixture.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(
                    """
          INSERT INTO feedback_records (tenant_id, id, user_id, payload, created_at, updated_at)
          SELECT 't-' || (i % 1000), gen_random_uuid(), CASE WHEN i % 3 = 0 THEN NULL ELSE 'u-' || (i % 20000) END,
                 '{"n": 1}'::jsonb, now(), now()
            FROM generate_series(1, 200000) AS i
          """);
            s.execute(
                    """
          INSERT INTO webhooks (tenant_id, id, url, event_types, enabled, created_at, updated_at)
          SELECT 't-' || (i % 1000), gen_random_uuid(), 'https://h.example/' || i, ARRAY['a'], true, now(), now()
            FROM generate_series(1, 20000) AS i
          """);
            s.execute("ANALYZE feedback_records");
            s.execute("ANALYZE webhooks");
        }
    }

    @AfterAll
    void close() {
        fixture.close();
    }

    private String plan(String sql, Object... params) throws Exception {
        try (Connection c = fixture.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                if (p == NULL_TEXT) {
                    ps.setNull(i + 1, Types.VARCHAR);
                } else if (p instanceof Integer n) {
                    ps.setInt(i + 1, n);
                } else if (p instanceof Boolean b) {
                    ps.setBoolean(i + 1, b);
                } else if (p == null) {
                    ps.setNull(i + 1, Types.OTHER);
                } else {
                    ps.setObject(i + 1, p);
                }
            }
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            return String.join("\n", lines);
        }
    }

    private static Object[] append(Object[] params, Object last) {
        Object[] all = java.util.Arrays.copyOf(params, params.length + 1);
        all[params.length] = last;
        return all;
    }

    private void assertNoSeqScan(String sql, Object... params) throws Exception {
        String plan = plan(sql, params);
        assertThat(plan).as(sql + "\n" + plan).doesNotContain("Seq Scan");
    }

    @Test
    void feedbackRecordQueriesUseIndexes() throws Exception {
        OffsetDateTime now = OffsetDateTime.now();
        assertThat(plan("SELECT id FROM feedback_records WHERE updated_at < ?", now))
                .as("the check can see a sequential scan at all")
                .contains("Seq Scan");
        String at = now.toString();
        Object[] gatedRow = {
            new String[] {"t-1"},
            new String[] {SOME_ID.toString()},
            new String[] {"u-1"},
            new String[] {"{}"},
            new String[] {at},
            new String[] {at},
            new String[] {"{}"} // the change-feed row
        };
        assertNoSeqScan(
                PostgresFeedbackRecordGatedCreate.INSERT_GATED, append(gatedRow, new String[] {"tenant_write|3:t-1"}));
        assertNoSeqScan(PostgresFeedbackRecordGatedCreate.INSERT_ROW_GATED, gatedRow);
        assertNoSeqScan(PostgresFeedbackRecordQueries.FIND, "t-1", SOME_ID);
        assertNoSeqScan(PostgresFeedbackRecordQueries.LIST_FIRST, "t-1", 21);
        assertNoSeqScan(PostgresFeedbackRecordQueries.LIST_AFTER, "t-1", SOME_ID, 21);
        assertNoSeqScan(PostgresFeedbackRecordStore.UPDATE_PAYLOAD, "{}", now, "t-1", SOME_ID);
        assertNoSeqScan(PostgresFeedbackRecordStore.DELETE, "t-1", SOME_ID);
        assertNoSeqScan(PostgresFeedbackRecordQueries.TENANTS_OF_USER, "u-7");
        assertNoSeqScan(PostgresFeedbackRecordStore.DELETE_OF_USER, "u-7", "t-7");
        assertNoSeqScan(PostgresFeedbackRecordStore.PURGE, "t-1");
    }

    @Test
    void webhookQueriesUseIndexes() throws Exception {
        OffsetDateTime now = OffsetDateTime.now();
        assertNoSeqScan(PostgresWebhookQueries.FIND, "t-1", SOME_ID);
        assertNoSeqScan(PostgresWebhookQueries.LIST_FIRST, "t-1", 21);
        assertNoSeqScan(PostgresWebhookQueries.LIST_AFTER, "t-1", SOME_ID, 21);
        assertNoSeqScan(PostgresWebhookStore.UPDATE, "t-2", NULL_TEXT, null, null, now, "t-1", SOME_ID);
        assertNoSeqScan(PostgresWebhookStore.DELETE, "t-1", SOME_ID);
        assertNoSeqScan(PostgresWebhookStore.PURGE, "t-1");
    }
}
