package dev.lockstep.application.contract;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.domain.TenantId;

/**
 * What a contract suite needs from one storage adapter. One fixture lives for one test class; tests
 * use fresh tenant ids, so they never see each other's rows.
 */
public interface StorageFixture extends AutoCloseable {

    /** A storage with these bounds, over the fixture's backing store (a database, or fresh maps). */
    StoragePorts storage(StorageSettings settings);

    /**
     * Whether a purge of {@code tenant} is queued for (or holds) the exclusive lock, as the adapter
     * itself sees it: {@code pg_locks} on PostgreSQL, the gate's state in memory.
     */
    boolean purgeQueuedOrRunning(StoragePorts storage, TenantId tenant);

    /** A short name for messages, e.g. {@code postgres}. */
    String name();

    @Override
    void close();
}
