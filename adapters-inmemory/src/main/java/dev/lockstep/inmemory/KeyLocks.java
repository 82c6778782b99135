package dev.lockstep.inmemory;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The JVM locks standing in for row locks, slug locks and the IdP organization's lock: one {@link
 * ReentrantLock} per key, shared by every unit of one storage. Weakly cached, so a key nobody holds
 * or waits for costs nothing; a unit holding a lock (and a thread queued on it) keeps it alive.
 */
final class KeyLocks {
    private final LoadingCache<Object, ReentrantLock> locks =
            CacheBuilder.newBuilder().weakValues().build(CacheLoader.from(() -> new ReentrantLock()));

    /** The key of one row's lock; distinct from any other table's keys. */
    static Object row(String what, dev.lockstep.domain.TenantId tenant, String key) {
        return new RowKey(what, tenant, key);
    }

    private record RowKey(String what, dev.lockstep.domain.TenantId tenant, String key) {}

    ReentrantLock of(Object key) {
        return locks.getUnchecked(key);
    }

    /** How many threads are queued on any of these locks right now. */
    int queuedThreads() {
        int queued = 0;
        for (ReentrantLock lock : locks.asMap().values()) {
            queued += lock.getQueueLength();
        }
        return queued;
    }
}
