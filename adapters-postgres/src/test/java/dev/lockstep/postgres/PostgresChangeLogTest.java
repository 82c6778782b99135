package dev.lockstep.postgres;

import dev.lockstep.application.contract.ChangeLogContract;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.domain.TenantId;
import dev.lockstep.postgres.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

class PostgresChangeLogTest extends ChangeLogContract {
    @Override
    protected StorageFixture createFixture() {
        return new PostgresFixture();
    }

    @Override
    protected HeldLogInsert holdAuditInsert(TenantId tenant, String resourceId) throws SQLException {
        return PostgresHeldLogInsert.hold((PostgresFixture) fixture, storage, tenant, resourceId);
    }

    /**
     * A trigger on {@code audit_log} that makes the insert of the tenant's event about the resource
     * wait for an advisory lock, held (exclusively, at session level) on a connection of the test
     * outside the pool; the unit under test then waits inside its COMMIT round trip, after the rows
     * before it in that round trip are written. Closing releases the lock and drops the trigger.
     */
    static final class PostgresHeldLogInsert implements HeldLogInsert {
        private final PostgresFixture fixture;
        private final dev.lockstep.application.StoragePorts storage;
        private final Connection holder;
        private final long key;
        private boolean closed;

        private PostgresHeldLogInsert(
                PostgresFixture fixture, dev.lockstep.application.StoragePorts storage, Connection holder, long key) {
            this.fixture = fixture;
            this.storage = storage;
            this.holder = holder;
            this.key = key;
        }

        static PostgresHeldLogInsert hold(
                PostgresFixture fixture,
                dev.lockstep.application.StoragePorts storage,
                TenantId tenant,
                String resource)
                throws SQLException {
            long key = ThreadLocalRandom.current().nextLong();
            Connection holder = fixture.database().connect();
            try (Statement st = holder.createStatement()) {
                st.execute("SELECT pg_advisory_lock(" + key + ")");
                st.execute(
                        """
                        CREATE OR REPLACE FUNCTION test_hold_audit_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                          IF NEW.tenant_id = TG_ARGV[0] AND NEW.resource_id = TG_ARGV[1] THEN
                            PERFORM pg_advisory_xact_lock_shared(TG_ARGV[2]::bigint);
                          END IF;
                          RETURN NEW;
                        END $$""");
                st.execute("CREATE TRIGGER test_hold_audit_insert BEFORE INSERT ON audit_log FOR EACH ROW"
                        + " EXECUTE FUNCTION test_hold_audit_insert(" + literal(tenant.value()) + ", "
                        + literal(resource) + ", '" + key + "')");
            } catch (SQLException e) {
                holder.close();
                throw e;
            }
            return new PostgresHeldLogInsert(fixture, storage, holder, key);
        }

        private static String literal(String s) {
            return "'" + s.replace("'", "''") + "'";
        }

        @Override
        public boolean queued() {
            return fixture.lockWaiters(storage) >= 1;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            try (holder;
                    Statement st = holder.createStatement()) {
                st.execute("SELECT pg_advisory_unlock(" + key + ")");
                // waits for the held unit's COMMIT, which goes on now
                st.execute("DROP TRIGGER test_hold_audit_insert ON audit_log");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
