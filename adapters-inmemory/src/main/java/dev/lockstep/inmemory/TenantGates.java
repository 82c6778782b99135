package dev.lockstep.inmemory;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import dev.lockstep.application.LockWaits;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import java.time.Duration;
import java.util.Collection;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The tenants' write locks of one storage: one {@link TenantGate} per tenant, weakly cached, so idle
 * tenants cost nothing and no two tenants ever share a gate (a purge never affects another tenant).
 * Every way in runs its work as a new {@link InMemoryUnitOfWork} whose gates are released when it
 * ends, so a lock lives exactly as long as its unit.
 */
final class TenantGates {
    private final InMemoryUnitOfWork.Shared shared;
    private final LoadingCache<TenantId, TenantGate> gates =
            CacheBuilder.newBuilder().weakValues().build(CacheLoader.from(TenantGate::new));

    TenantGates(InMemoryUnitOfWork.Shared shared) {
        this.shared = shared;
    }

    /**
     * Runs {@code work} as a unit holding the shared gate of every tenant, tried in sorted order.
     *
     * @throws DomainException {@code tenant_write_conflict} when a purge of any of them is queued or
     *     running; nothing ran
     */
    <T> T shared(Collection<TenantId> tenants, Function<InMemoryUnitOfWork, T> work) {
        TreeSet<TenantId> sorted = new TreeSet<>(tenants);
        return InMemoryUnitOfWork.run(shared, unit -> {
            for (TenantId tenant : sorted) {
                TenantGate gate = gates.getUnchecked(tenant);
                long start = System.nanoTime();
                boolean granted = gate.tryShared();
                shared.lockWaits().waited(LockWaits.Kind.TENANT, Duration.ofNanos(System.nanoTime() - start), granted);
                if (!granted) {
                    throw DomainException.tenantWriteConflict(tenant);
                }
                unit.onRelease(gate::releaseShared);
            }
            return work.apply(unit);
        });
    }

    /**
     * Runs {@code work} as a unit holding the tenant's exclusive gate, waited for at most {@code
     * timeout}; the gate is held until the unit has ended, its after-commit actions included.
     *
     * @throws DomainException {@code tenant_write_conflict} when the writes did not drain in time
     */
    <T> T exclusive(TenantId tenant, Duration timeout, Function<InMemoryUnitOfWork, T> work) {
        TenantGate gate = gates.getUnchecked(tenant);
        boolean granted = false;
        long start = System.nanoTime();
        try {
            granted = gate.acquireExclusive(timeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.purgeCouldNotDrain(tenant);
        } finally {
            shared.lockWaits().waited(LockWaits.Kind.TENANT, Duration.ofNanos(System.nanoTime() - start), granted);
        }
        if (!granted) {
            throw DomainException.purgeCouldNotDrain(tenant);
        }
        try {
            return InMemoryUnitOfWork.run(shared, work);
        } finally {
            gate.releaseExclusive();
        }
    }

    /** Runs {@code work} as a unit holding no tenant lock (a test's hold of a key). */
    <T> T bare(Function<InMemoryUnitOfWork, T> work) {
        return InMemoryUnitOfWork.run(shared, work);
    }

    boolean purgeQueuedOrRunning(TenantId tenant) {
        return gates.getUnchecked(tenant).purgeQueuedOrRunning();
    }

    /** How many purges wait on any gate right now (writers never wait: they try). */
    int queuedThreads() {
        int queued = 0;
        for (TenantGate gate : gates.asMap().values()) {
            queued += gate.waiting();
        }
        return queued;
    }
}
