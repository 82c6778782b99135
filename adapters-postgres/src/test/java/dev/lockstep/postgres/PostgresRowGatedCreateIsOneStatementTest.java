package dev.lockstep.postgres;

import dev.lockstep.application.StorageSettings;
import dev.lockstep.domain.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;

/**
 * The same with {@code lockstep.tenant.lock = row}: a gated create of a tenant that has its lock row
 * is one statement; refused by a purge holding the row or queued for it, it inserts nothing and is a
 * conflict. (A tenant's very first write makes its lock row first: two more statements, once per
 * tenant.)
 */
class PostgresRowGatedCreateIsOneStatementTest extends PostgresGatedCreateIsOneStatementTest {
    @Override
    StorageSettings.TenantLock tenantLock() {
        return StorageSettings.TenantLock.ROW;
    }

    @Override
    String gatedSql(PgGatedCreate<?> create) {
        return create.rowBatch;
    }

    @Override
    String loneGatedSql(PgGatedCreate<?> create) {
        return create.rowBatch; // the row lock has no scalar form: a batch of one is the same statement
    }

    @Override
    Map<String, String> gatesOf(PgGatedCreate<?> create) {
        return Map.of(create.rowBatch, PostgresRowTenantWriteLocks.SHARED_GATE_OF_ROWS);
    }

    /** A purge that holds the lock row, and one that is only queued (its queue row committed). */
    @Override
    Map<String, PurgeHold> purgeHolds() {
        return Map.of("a purge holds the lock row", this::holdExclusive, "a purge is queued", (purge, tenant) -> {
            try (Connection c = fixture.database().connect();
                    PreparedStatement ps =
                            c.prepareStatement("INSERT INTO tenant_purge_queue (tenant_id, purge_id, queued_until)"
                                    + " VALUES (?, gen_random_uuid(), clock_timestamp() + interval '1 hour')")) {
                ps.setString(1, tenant.value());
                ps.executeUpdate();
            }
        });
    }

    @Override
    TenantId knownTenant(String prefix) throws Exception {
        TenantId tenant = TenantId.of(prefix + System.nanoTime());
        try (Connection c = fixture.database().connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO tenant_locks (tenant_id) VALUES (?)")) {
            ps.setString(1, tenant.value());
            ps.executeUpdate();
        }
        return tenant;
    }

    @Override
    void holdExclusive(Connection purge, TenantId tenant) throws Exception {
        try (PreparedStatement ps = purge.prepareStatement(PostgresRowTenantWriteLocks.EXCLUSIVE)) {
            ps.setString(1, tenant.value());
            ps.executeQuery().close();
        }
    }
}
