package dev.lockstep.domain.tenant;

import dev.lockstep.domain.TenantId;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Port family "tenant locking": the rule every tenant-owned write follows (API.md, "Tenant write
 * serialization").
 *
 * <p>Each method runs {@code work} as <b>one unit of work</b>: on PostgreSQL one database
 * transaction; in memory the locks it takes plus an undo log, so work that throws part-way leaves
 * nothing behind. Store calls made by {@code work} on the same thread join that unit. Locks are
 * never released by hand: they live exactly as long as the unit.
 *
 * <p>Lock order everywhere: tenant locks (sorted) → scope locks → row locks.
 */
public interface TenantWriteLocks {

    /**
     * Runs {@code work} holding the tenant's <b>shared</b> write lock, taken with a try: when a purge
     * of the tenant holds the exclusive lock or is <i>queued</i> for it, fails at once with
     * {@code tenant_write_conflict} and runs nothing. Writers of one tenant never block each other.
     * Re-entrant: a unit that already holds the tenant joins it.
     *
     * @throws dev.lockstep.domain.DomainException {@code tenant_write_conflict} (retryable)
     */
    <T> T write(TenantId tenant, Supplier<T> work);

    /**
     * Like {@link #write(TenantId, Supplier)} for several tenants, locked in sorted order,
     * all-or-nothing: if any tenant is being purged, nothing runs.
     */
    <T> T write(Collection<TenantId> tenants, Supplier<T> work);

    /**
     * Runs {@code work} holding the tenant's <b>exclusive</b> lock. Waits at most the configured purge
     * lock timeout for in-flight writes to drain; while it waits, new writers of the tenant fail fast.
     * Once granted, the work itself runs without a lock bound.
     *
     * @throws dev.lockstep.domain.DomainException {@code tenant_write_conflict} when the writes did
     *     not drain in time (nothing ran)
     */
    <T> T purge(TenantId tenant, Supplier<T> work);

    /** Convenience for work without a result. */
    default void writeVoid(TenantId tenant, Runnable work) {
        write(tenant, () -> {
            work.run();
            return null;
        });
    }
}
