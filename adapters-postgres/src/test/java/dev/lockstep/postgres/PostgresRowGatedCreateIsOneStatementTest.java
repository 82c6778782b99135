package dev.lockstep.postgres;

import dev.lockstep.application.StorageSettings;
import dev.lockstep.domain.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;

/**
 * The same with {@code lockstep.tenant.lock = row}: a gated create of a tenant that has its lock row
 * is one statement; refused by a purge holding the row, it inserts nothing and is a conflict. (A
 * tenant's very first write makes its lock row first: two more statements, once per tenant.)
 */
class PostgresRowGatedCreateIsOneStatementTest extends PostgresGatedCreateIsOneStatementTest {
    @Override
    StorageSettings.TenantLock tenantLock() {
        return StorageSettings.TenantLock.ROW;
    }

    @Override
    String gatedSql(PgTenantTable<?> table) {
        return table.insertRowGatedSql;
    }

    @Override
    String loneGatedSql(PgTenantTable<?> table) {
        return table.insertRowGatedSql; // the row lock has no scalar form: a batch of one is the same statement
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
