package dev.lockstep.domain.tenant;

import dev.lockstep.domain.TenantId;
import java.util.Collection;
import java.util.List;

/**
 * Port family "tenant locking": the rule every tenant-owned write follows (API.md, "Tenant write
 * serialization"), and the only way to a unit of work on tenant data.
 *
 * <p>Each method runs {@code work} as <b>one unit of work</b> and hands it the unit's ports
 * ({@link TenantUnit}): everything written through them commits together, or nothing does when the
 * work throws. Locks are never released by hand: they live exactly as long as the unit. Units do not
 * nest; a unit that needs several tenants asks for all of them at once.
 *
 * <p>Lock order everywhere: tenant locks (sorted) → scope locks → row locks.
 *
 * <pre>{@code
 * EnvMerge merge = locks.write(tenant, unit -> unit.stacks().mergeEnv(tenant, slug, patch));
 * }</pre>
 */
public interface TenantWriteLocks {

    /**
     * Runs {@code work} holding the tenant's <b>shared</b> write lock, taken with a try: when a purge
     * of the tenant holds the exclusive lock or is <i>queued</i> for it, fails at once with
     * {@code tenant_write_conflict} and runs nothing. Writers of one tenant never block each other.
     *
     * <p>The same as {@link #write(Collection, UnitWork)} of the one tenant; an adapter implements
     * that one.
     *
     * @throws dev.lockstep.domain.DomainException {@code tenant_write_conflict} (retryable)
     */
    default <T> T write(TenantId tenant, UnitWork<TenantUnit, T> work) {
        return write(List.of(tenant), work);
    }

    /**
     * Like {@link #write(TenantId, UnitWork)} for several tenants, locked in sorted order,
     * all-or-nothing: if any tenant is being purged, nothing runs.
     */
    <T> T write(Collection<TenantId> tenants, UnitWork<TenantUnit, T> work);

    /**
     * Runs {@code work} holding the tenant's <b>exclusive</b> lock. Waits at most the storage's purge
     * lock timeout for in-flight writes to drain; while it waits, new writers of the tenant fail fast.
     * Once granted, the work itself runs without a lock bound.
     *
     * @throws dev.lockstep.domain.DomainException {@code tenant_write_conflict} when the writes did
     *     not drain in time (nothing ran)
     */
    <T> T purge(TenantId tenant, UnitWork<PurgeUnit, T> work);
}
