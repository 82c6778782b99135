package dev.lockstep.inmemory;

import dev.lockstep.application.contract.ChangeLogContract;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.domain.TenantId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

class InMemoryChangeLogTest extends ChangeLogContract {
    @Override
    protected StorageFixture createFixture() {
        return new InMemoryFixture();
    }

    @Override
    protected HeldLogInsert holdAuditInsert(TenantId tenant, String resourceId) {
        InMemoryStorage memory = (InMemoryStorage) storage;
        HoldingTrigger.target(tenant.value(), resourceId);
        HoldingTrigger.HOLD.lock();
        ddl(
                memory,
                "CREATE TRIGGER TEST_HOLD_AUDIT_INSERT BEFORE INSERT ON audit_log FOR EACH ROW CALL \""
                        + HoldingTrigger.class.getName() + "\"");
        return new HeldLogInsert() {
            private boolean closed;

            @Override
            public boolean queued() {
                return HoldingTrigger.HOLD.hasQueuedThreads();
            }

            @Override
            public void close() {
                if (closed) {
                    return;
                }
                closed = true;
                HoldingTrigger.HOLD.unlock();
                // waits for the held unit's COMMIT, which goes on now
                ddl(memory, "DROP TRIGGER TEST_HOLD_AUDIT_INSERT");
                HoldingTrigger.target(null, null);
            }
        };
    }

    private static void ddl(InMemoryStorage memory, String sql) {
        memory.runUnit(unit -> Jdbc.update(unit.connection(), sql));
    }

    /**
     * An H2 trigger on {@code audit_log}: the insert of the target tenant's event about the target
     * resource waits for {@link #HOLD}, which the test holds; the unit under test then waits inside
     * its COMMIT, after it has numbered its entries.
     */
    public static final class HoldingTrigger implements org.h2.api.Trigger {
        static final ReentrantLock HOLD = new ReentrantLock();
        private static volatile String tenant;
        private static volatile String resource;

        private int tenantColumn;
        private int resourceColumn;

        static void target(String tenantId, String resourceId) {
            tenant = tenantId;
            resource = resourceId;
        }

        @Override
        public void init(Connection c, String schema, String trigger, String table, boolean before, int type)
                throws SQLException {
            tenantColumn = column(c, schema, table, "TENANT_ID");
            resourceColumn = column(c, schema, table, "RESOURCE_ID");
        }

        private static int column(Connection c, String schema, String table, String name) throws SQLException {
            try (ResultSet rs = c.getMetaData().getColumns(null, schema, table, name)) {
                if (!rs.next()) {
                    throw new SQLException("no column " + name + " in " + table);
                }
                return rs.getInt("ORDINAL_POSITION") - 1;
            }
        }

        @Override
        public void fire(Connection c, Object[] oldRow, Object[] newRow) {
            if (newRow != null && newRow[tenantColumn].equals(tenant) && newRow[resourceColumn].equals(resource)) {
                HOLD.lock();
                HOLD.unlock();
            }
        }
    }
}
