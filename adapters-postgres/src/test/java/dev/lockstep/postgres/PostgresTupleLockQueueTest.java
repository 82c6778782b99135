package dev.lockstep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.contract.ContractSupport;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.application.tenant.PurgeTenantData;
import dev.lockstep.domain.TenantId;
import dev.lockstep.postgres.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Why the row tenant lock needs its purge queue row, and what that row does. Each race holds locks
 * from plain connections of its own and acts only once the waiting party shows in {@code pg_locks}.
 */
class PostgresTupleLockQueueTest extends ContractSupport {

    @Override
    protected StorageFixture createFixture() {
        return new PostgresFixture(StorageSettings.TenantLock.ROW);
    }

    private Connection connect() throws SQLException {
        return ((PostgresFixture) fixture).database().connect();
    }

    private static boolean lockRow(Connection c, String sql, TenantId tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void insert(Connection c, String sql, TenantId tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant.value());
            ps.executeUpdate();
        }
    }

    /**
     * PostgreSQL's own rule, which the row lock cannot rely on: a {@code FOR UPDATE} queued behind a
     * {@code FOR SHARE} does not stop a later {@code FOR SHARE NOWAIT}, which is granted at once. (An
     * advisory lock's queue does stop the later shared try; that is the advisory lock's rule.)
     */
    @Test
    void aNewSharerPassesAForUpdateQueuedBehindAnotherSharer() throws Exception {
        TenantId tenant = newTenant();
        String share = "SELECT 1 FROM tenant_locks WHERE tenant_id = ? FOR SHARE NOWAIT";
        try (Connection first = connect();
                Connection purge = connect();
                Connection later = connect()) {
            insert(first, "INSERT INTO tenant_locks (tenant_id) VALUES (?)", tenant);
            first.setAutoCommit(false);
            assertThat(lockRow(first, share, tenant)).isTrue();
            // the race: the FOR UPDATE queues behind the first sharer; the later sharer comes only then
            purge.setAutoCommit(false);
            CompletableFuture<Boolean> forUpdate = CompletableFuture.supplyAsync(() -> {
                try {
                    return lockRow(purge, "SELECT 1 FROM tenant_locks WHERE tenant_id = ? FOR UPDATE", tenant);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitLockWaiters(storage, 1, "FOR UPDATE queued behind the first FOR SHARE");

            later.setAutoCommit(false);
            assertThat(lockRow(later, share, tenant))
                    .as("the later FOR SHARE NOWAIT is granted although a FOR UPDATE is queued")
                    .isTrue();

            first.rollback();
            assertThat(forUpdate.isDone())
                    .as("the FOR UPDATE still waits for the later sharer")
                    .isFalse();
            later.rollback();
            assertThat(forUpdate.get(10, TimeUnit.SECONDS)).isTrue();
            purge.rollback();
        }
    }

    /** The same race through the gate: the purge's committed queue row refuses the later writer. */
    @Test
    void theQueueRowOfAQueuedPurgeRefusesTheLaterWriter() throws Exception {
        TenantId tenant = newTenant();
        try (Connection first = connect()) {
            insert(first, "INSERT INTO tenant_locks (tenant_id) VALUES (?)", tenant);
            first.setAutoCommit(false);
            assertThat(lockRow(first, PostgresRowTenantWriteLocks.SHARED_GATE, tenant))
                    .isTrue();
            // the race: the purge announces itself and queues behind the first writer
            CompletableFuture<PurgeTenantData.Result> purge =
                    CompletableFuture.supplyAsync(() -> new PurgeTenantData(storage.tenantWriteLocks()).purge(tenant));
            awaitLockWaiters(storage, 1, "the purge queued behind the first writer");

            try (Connection later = connect()) {
                later.setAutoCommit(false);
                assertThat(lockRow(later, PostgresRowTenantWriteLocks.SHARED_GATE, tenant))
                        .as("the gate is empty while the purge is queued")
                        .isFalse();
                later.rollback();
            }
            assertConflict(() -> storage.tenantWriteLocks().write(tenant, unit -> null));

            first.rollback();
            purge.get(10, TimeUnit.SECONDS);
        }
        assertThat(queueRows(tenant)).as("the purge took its queue row with it").isZero();
        assertThat(storage.tenantWriteLocks().<String>write(tenant, unit -> "writable"))
                .isEqualTo("writable");
    }

    /**
     * An instance that dies between announcing a purge and ending it leaves its queue row; past its
     * {@code queued_until} it refuses nobody, and the tenant's next purge clears it.
     */
    @Test
    void aQueueRowLeftByADeadInstanceStopsRefusingAtItsDeadline() throws Exception {
        TenantId tenant = newTenant();
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            insert(c, "INSERT INTO tenant_locks (tenant_id) VALUES (?)", tenant);
            insert(
                    c,
                    "INSERT INTO tenant_purge_queue (tenant_id, purge_id, queued_until)"
                            + " VALUES (?, gen_random_uuid(), clock_timestamp() + interval '1 hour')",
                    tenant);
            assertConflict(() -> storage.tenantWriteLocks().write(tenant, unit -> null));

            st.executeUpdate("UPDATE tenant_purge_queue SET queued_until = clock_timestamp() - interval '1 second'");
            assertThat(storage.tenantWriteLocks().<String>write(tenant, unit -> "writable"))
                    .isEqualTo("writable");
        }
        new PurgeTenantData(storage.tenantWriteLocks()).purge(tenant);
        assertThat(queueRows(tenant)).isZero();
    }

    private int queueRows(TenantId tenant) throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM tenant_purge_queue WHERE tenant_id = ?")) {
            ps.setString(1, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
