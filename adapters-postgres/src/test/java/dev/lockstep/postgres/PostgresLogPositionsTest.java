package dev.lockstep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLogEntry;
import dev.lockstep.postgres.testing.PostgresFixture;
import dev.lockstep.postgres.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What PostgreSQL's log positions rest on, beyond the change-log contract: which running
 * transactions hold a reader back (those of this database that started writing before an entry, not
 * those of another database on the cluster), that the migration to transaction-id positions keeps
 * every seq written before it valid and below every new one, and that after a logical restore (a
 * fresh transaction-id counter) {@code lockstep_log_rebase()} does the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresLogPositionsTest {
    private PostgresFixture fixture;
    private StoragePorts storage;

    @BeforeAll
    void open() {
        fixture = new PostgresFixture();
        storage = fixture.storage(StorageSettings.defaults());
    }

    @AfterAll
    void close() {
        fixture.close();
    }

    private void recordDeletion(StoragePorts s, TenantId tenant, String id) {
        s.tenantWriteLocks().write(tenant, unit -> {
            unit.deletionLog().record(tenant, DeletionKind.SESSION, id);
            unit.auditLog().record(tenant, AuditAction.IDENTITY_DELETE, id, Map.of());
            return null;
        });
    }

    private static List<String> ids(List<DeletionLogEntry> entries) {
        return entries.stream().map(DeletionLogEntry::id).toList();
    }

    /** A transaction on {@code c} that has an id (as any that wrote has), left open. */
    private static long openWithId(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_current_xact_id()::text::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aRunningTransactionOfAnotherDatabaseHoldsNoReaderBackOneOfThisDatabaseDoes() throws Exception {
        TenantId tenant = TenantId.of("t-" + UUID.randomUUID());
        TestPostgres.Database elsewhere = TestPostgres.freshDatabase("log_positions_elsewhere");
        try (Connection other = elsewhere.connect();
                Connection here = fixture.database().connect()) {
            // the race: a transaction of another database took its id first and is still running
            long otherId = openWithId(other);
            recordDeletion(storage, tenant, "s1");
            assertThat(ids(storage.changeLogQueries().deletionsAfter(tenant, 0, 10)))
                    .as("not held back by transaction %s of another database", otherId)
                    .containsExactly("s1");

            // one of this database took its id before the next entry: that entry waits for it
            long hereId = openWithId(here);
            recordDeletion(storage, tenant, "s2");
            assertThat(ids(storage.changeLogQueries().deletionsAfter(tenant, 0, 10)))
                    .as("s2 held back while transaction %s, which could still commit below it, runs", hereId)
                    .containsExactly("s1");
            assertThat(storage.changeLogQueries().auditEventsAfter(tenant, 0, 10))
                    .hasSize(1);
            here.rollback();
            assertThat(ids(storage.changeLogQueries().deletionsAfter(tenant, 0, 10)))
                    .containsExactly("s1", "s2");
            assertThat(storage.changeLogQueries().auditEventsAfter(tenant, 0, 10))
                    .hasSize(2);
            other.rollback();
        }
    }

    @Test
    void theMigrationKeepsEverySeqWrittenBeforeItBelowEveryNewOne() throws Exception {
        TestPostgres.Database db = TestPostgres.freshDatabase("log_positions_migration");
        try (HikariDataSource pool = db.pool(4)) {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .target("8")
                    .load()
                    .migrate();
            // the old scheme: per-tenant counters; one tenant far ahead of any transaction id, one
            // purged (its cursor is at last_seq, its log holds only the purge's entry)
            long far = 1L << 50;
            try (Connection c = pool.getConnection();
                    Statement st = c.createStatement()) {
                st.execute("INSERT INTO tenant_log_seq VALUES ('far', " + far + "), ('purged', 7)");
                st.execute("INSERT INTO deletion_log VALUES ('far', " + (far - 1) + ", 'session', 'old-1', now()),"
                        + " ('far', " + far + ", 'session', 'old-2', now()),"
                        + " ('purged', 7, 'tenant', 'purged', now())");
                st.execute("INSERT INTO audit_log (tenant_id, seq, action, resource_id, at) VALUES"
                        + " ('far', 3, 'identity.delete', 'x', now())");
            }
            PostgresStorage.migrate(pool);
            StoragePorts migrated = new PostgresStorage(pool, Clock.systemUTC(), StorageSettings.defaults());
            TenantId farTenant = TenantId.of("far");
            TenantId purged = TenantId.of("purged");
            recordDeletion(migrated, farTenant, "new");
            recordDeletion(migrated, purged, "new");

            List<DeletionLogEntry> farLog = migrated.changeLogQueries().deletionsAfter(farTenant, 0, 10);
            assertThat(ids(farLog)).containsExactly("old-1", "old-2", "new");
            assertThat(farLog.get(0).seq()).isEqualTo(far - 1);
            assertThat(farLog.get(2).seq()).isGreaterThan(far);
            assertThat(ids(migrated.changeLogQueries().deletionsAfter(farTenant, far, 10)))
                    .as("a cursor held before the migration")
                    .containsExactly("new");
            assertThat(ids(migrated.changeLogQueries().deletionsAfter(purged, 7, 10)))
                    .containsExactly("new");
            assertThat(migrated.changeLogQueries().auditEventsAfter(farTenant, 0, 10))
                    .extracting(e -> e.resourceId())
                    .containsExactly("x", "new");
            try (Connection c = pool.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT to_regclass('tenant_log_seq') IS NULL");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("tenant_log_seq is gone").isTrue();
            }
        }
    }

    @Test
    void afterALogicalRestoreTheRebasePutsNewPositionsAboveTheRestoredOnesAndNeverLowersThem() throws Exception {
        TestPostgres.Database db = TestPostgres.freshDatabase("log_positions_rebase");
        try (HikariDataSource pool = db.pool(4)) {
            PostgresStorage.migrate(pool);
            StoragePorts s = new PostgresStorage(pool, Clock.systemUTC(), StorageSettings.defaults());
            TenantId tenant = TenantId.of("restored");
            long before = rebase(pool);
            assertThat(rebase(pool)).as("nothing to raise: the base stays").isEqualTo(before);
            // a restored entry, numbered on a cluster whose transaction ids ran far ahead of this one's
            long restored = 1L << 50;
            try (Connection c = pool.getConnection();
                    Statement st = c.createStatement()) {
                st.execute("INSERT INTO deletion_log VALUES ('restored', " + restored + ", 'session', 'old', now())");
            }
            long raised = rebase(pool);
            assertThat(raised).isGreaterThan(before);
            recordDeletion(s, tenant, "new");
            List<DeletionLogEntry> log = s.changeLogQueries().deletionsAfter(tenant, 0, 10);
            assertThat(ids(log)).containsExactly("old", "new");
            assertThat(ids(s.changeLogQueries().deletionsAfter(tenant, restored, 10)))
                    .containsExactly("new");
            assertThat(rebase(pool)).as("never lowered").isEqualTo(raised);
        }
    }

    private static long rebase(HikariDataSource pool) throws SQLException {
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT lockstep_log_rebase()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
