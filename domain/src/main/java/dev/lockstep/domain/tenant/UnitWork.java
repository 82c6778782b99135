package dev.lockstep.domain.tenant;

/**
 * Work that runs as one unit of work, through the ports the unit hands it.
 *
 * @param <U> the unit's ports ({@link TenantUnit}, {@link PurgeUnit})
 * @param <T> the work's result
 */
@FunctionalInterface
public interface UnitWork<U, T> {
    T run(U unit);
}
