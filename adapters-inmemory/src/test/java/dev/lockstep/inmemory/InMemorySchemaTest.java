package dev.lockstep.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A database in memory gets its schema from the migration scripts run by H2 ({@link
 * InMemoryDatabase#createSchema}), a file through Flyway: both must end up with the same schema.
 */
class InMemorySchemaTest {

    @Test
    void scriptsRunInFlywaysVersionOrder() {
        assertThat(MigrationScripts.inVersionOrder("migration-order"))
                .containsExactly(
                        "migration-order/V1__first.sql",
                        "migration-order/V1_1__first_patch.sql",
                        "migration-order/V2__second.sql",
                        "migration-order/V10__last.sql");
    }

    @Test
    void theSchemaIsTheOneFlywayMakes() throws SQLException {
        try (InMemoryDatabase byH2 = InMemoryDatabase.inMemory().createSchema();
                InMemoryDatabase byFlyway = InMemoryDatabase.inMemory()) {
            Flyway.configure()
                    .dataSource(byFlyway.dataSource())
                    .locations(InMemoryDatabase.MIGRATIONS)
                    .load()
                    .migrate();
            List<String> expected = schema(byFlyway);
            assertThat(expected).anyMatch(line -> line.startsWith("FEEDBACK_RECORDS "));
            assertThat(schema(byH2)).isEqualTo(expected);
        }
    }

    /** Columns, constraints and indexes of the schema's tables, but Flyway's own history table. */
    private static List<String> schema(InMemoryDatabase db) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            query(
                    s,
                    "SELECT table_name, column_name, ordinal_position, data_type, character_maximum_length,"
                            + " is_nullable, column_default FROM information_schema.columns"
                            + " WHERE table_schema = 'PUBLIC' ORDER BY table_name, ordinal_position",
                    lines);
            query(
                    s,
                    "SELECT tc.table_name, tc.constraint_type, kcu.column_name, kcu.ordinal_position"
                            + " FROM information_schema.table_constraints tc"
                            + " JOIN information_schema.key_column_usage kcu"
                            + " ON kcu.constraint_schema = tc.constraint_schema"
                            + " AND kcu.constraint_name = tc.constraint_name"
                            + " WHERE tc.table_schema = 'PUBLIC'"
                            + " ORDER BY tc.table_name, tc.constraint_type, kcu.column_name",
                    lines);
            query(
                    s,
                    "SELECT i.table_name, i.index_name, i.index_type_name, c.column_name, c.ordinal_position"
                            + " FROM information_schema.indexes i JOIN information_schema.index_columns c"
                            + " ON c.index_schema = i.index_schema AND c.index_name = i.index_name"
                            + " WHERE i.table_schema = 'PUBLIC' AND i.index_name NOT LIKE 'PRIMARY_KEY%'"
                            + " AND i.index_name NOT LIKE 'CONSTRAINT%'"
                            + " ORDER BY i.table_name, i.index_name, c.ordinal_position",
                    lines);
        }
        lines.removeIf(line -> line.startsWith("flyway_schema_history "));
        return lines;
    }

    private static void query(Statement s, String sql, List<String> into) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    line.append(rs.getString(i)).append(' ');
                }
                into.add(line.toString().trim());
            }
        }
    }
}
