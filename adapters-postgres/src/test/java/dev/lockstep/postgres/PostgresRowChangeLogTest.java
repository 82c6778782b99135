package dev.lockstep.postgres;

import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.contract.ChangeLogContract;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.domain.TenantId;
import dev.lockstep.postgres.testing.PostgresFixture;
import java.sql.SQLException;

/** The change-log contract with {@code lockstep.tenant.lock = row}: the same cases as the advisory lock's. */
class PostgresRowChangeLogTest extends ChangeLogContract {
    @Override
    protected StorageFixture createFixture() {
        return new PostgresFixture(StorageSettings.TenantLock.ROW);
    }

    @Override
    protected HeldLogInsert holdAuditInsert(TenantId tenant, String resourceId) throws SQLException {
        return PostgresChangeLogTest.PostgresHeldLogInsert.hold((PostgresFixture) fixture, storage, tenant, resourceId);
    }
}
