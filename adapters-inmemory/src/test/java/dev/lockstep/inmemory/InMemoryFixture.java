package dev.lockstep.inmemory;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.contract.StorageFixture;
import java.time.Clock;

/** A new in-memory storage each time. */
public final class InMemoryFixture implements StorageFixture {
    private final Clock clock;

    public InMemoryFixture() {
        this(Clock.systemUTC());
    }

    public InMemoryFixture(Clock clock) {
        this.clock = clock;
    }

    @Override
    public StoragePorts storage(StorageSettings settings) {
        return new InMemoryStorage(clock, settings);
    }

    @Override
    public int lockWaiters(StoragePorts storage) {
        return ((InMemoryStorage) storage).lockWaiters();
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public void close() {}
}
