package dev.lockstep.application.contract;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;

/**
 * What a contract suite needs from one storage adapter. One fixture lives for one test class; tests
 * use fresh tenant ids, so they never see each other's rows.
 */
public interface StorageFixture extends AutoCloseable {

    /** A storage with these bounds, over the fixture's backing store (a database, or fresh maps). */
    StoragePorts storage(StorageSettings settings);

    /**
     * How many parties are queued on a lock of {@code storage} right now, as the adapter itself sees
     * it: on PostgreSQL the backends of the fixture's own database with a {@code pg_locks} row that is
     * not granted (read on a connection outside the pool under test); in memory the threads queued on
     * a JVM lock of that storage (tenant gates and per-key row locks). Race tests wait for this before
     * they act, so they never pass without their race.
     */
    int lockWaiters(StoragePorts storage);

    /** A short name for messages, e.g. {@code postgres}. */
    String name();

    @Override
    void close();
}
