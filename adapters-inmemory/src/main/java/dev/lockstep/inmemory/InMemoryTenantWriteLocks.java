package dev.lockstep.inmemory;

import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import com.google.common.cache.LoadingCache;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import java.time.Duration;
import java.util.Collection;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Tenant write serialization in memory: one {@link TenantGate} per tenant (weakly cached, so idle
 * tenants cost nothing and no two tenants ever share a gate — a purge never affects another
 * tenant), joined with the {@link InMemoryUnitOfWork} so locks live exactly as long as the unit.
 */
public final class InMemoryTenantWriteLocks implements TenantWriteLocks {

    private final InMemoryUnitOfWork unitOfWork;
    private final Duration purgeLockTimeout;
    private final LoadingCache<TenantId, TenantGate> gates =
            CacheBuilder.newBuilder().weakValues().build(CacheLoader.from(TenantGate::new));

    public InMemoryTenantWriteLocks(InMemoryUnitOfWork unitOfWork, Duration purgeLockTimeout) {
        this.unitOfWork = unitOfWork;
        this.purgeLockTimeout = purgeLockTimeout;
    }

    @Override
    public <T> T write(TenantId tenant, Supplier<T> work) {
        return unitOfWork.run(() -> {
            takeShared(tenant);
            return work.get();
        });
    }

    @Override
    public <T> T write(Collection<TenantId> tenants, Supplier<T> work) {
        TreeSet<TenantId> sorted = new TreeSet<>(tenants);
        return unitOfWork.run(() -> {
            for (TenantId tenant : sorted) {
                takeShared(tenant);
            }
            return work.get();
        });
    }

    @Override
    public <T> T purge(TenantId tenant, Supplier<T> work) {
        TenantGate gate = gates.getUnchecked(tenant);
        boolean granted;
        try {
            granted = gate.acquireExclusive(purgeLockTimeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.purgeCouldNotDrain(tenant);
        }
        if (!granted) {
            throw DomainException.purgeCouldNotDrain(tenant);
        }
        try {
            return unitOfWork.run(() -> {
                unitOfWork.markHeld(new Held(tenant));
                return work.get();
            });
        } finally {
            gate.releaseExclusive();
        }
    }

    /** Whether a purge of {@code tenant} holds or waits for the exclusive lock (for tests and metrics). */
    public boolean purgeQueuedOrRunning(TenantId tenant) {
        return gates.getUnchecked(tenant).purgeQueuedOrRunning();
    }

    private void takeShared(TenantId tenant) {
        Held marker = new Held(tenant);
        if (unitOfWork.holds(marker)) {
            return;
        }
        TenantGate gate = gates.getUnchecked(tenant);
        if (!gate.tryShared()) {
            throw DomainException.tenantWriteConflict(tenant);
        }
        unitOfWork.markHeld(marker);
        unitOfWork.onRelease(gate::releaseShared);
    }

    private record Held(TenantId tenant) {}
}
