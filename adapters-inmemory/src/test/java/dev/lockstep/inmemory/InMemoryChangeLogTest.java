package dev.lockstep.inmemory;

import dev.lockstep.application.contract.ChangeLogContract;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.domain.TenantId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

class InMemoryChangeLogTest extends ChangeLogContract {
    @Override
    protected StorageFixture createFixture() {
        return new InMemoryFixture();
    }

    @Override
    protected HeldLogInsert holdAuditInsert(TenantId tenant, String resourceId) {
        // installed once and left in place, inert without a target: H2 does not make a DROP TRIGGER
        // wait for an insert that is still going through the table's triggers
        ddl(
                (InMemoryStorage) storage,
                "CREATE TRIGGER IF NOT EXISTS TEST_HOLD_AUDIT_INSERT BEFORE INSERT ON audit_log FOR EACH ROW CALL \""
                        + HoldingTrigger.class.getName() + "\"");
        HoldingTrigger.HOLD.lock();
        HoldingTrigger.target(tenant.value(), resourceId);
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
                HoldingTrigger.target(null, null);
                HoldingTrigger.HOLD.unlock(); // the held unit's COMMIT goes on
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
        /** The tenant and resource whose insert waits; null for none. */
        private static volatile List<String> target;

        private int tenantColumn;
        private int resourceColumn;

        static void target(String tenantId, String resourceId) {
            target = tenantId == null ? null : List.of(tenantId, resourceId);
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
            List<String> t = target;
            if (t != null
                    && newRow != null
                    && t.get(0).equals(newRow[tenantColumn])
                    && t.get(1).equals(newRow[resourceColumn])) {
                HOLD.lock();
                HOLD.unlock();
            }
        }
    }
}
