package dev.lockstep.inmemory;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.contract.StorageFixture;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A new in-memory storage (a new H2 database) each time, closed with the fixture. */
public final class InMemoryFixture implements StorageFixture {
    private final Clock clock;
    private final List<InMemoryStorage> opened = new CopyOnWriteArrayList<>();

    public InMemoryFixture() {
        this(Clock.systemUTC());
    }

    public InMemoryFixture(Clock clock) {
        this.clock = clock;
    }

    @Override
    public StoragePorts storage(StorageSettings settings) {
        InMemoryStorage storage = new InMemoryStorage(clock, settings);
        opened.add(storage);
        return storage;
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
    public void close() {
        opened.forEach(InMemoryStorage::close);
        opened.clear();
    }
}
