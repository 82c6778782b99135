package dev.lockstep.domain.tenant;

import dev.lockstep.domain.TenantId;
import java.util.Map;

/**
 * A store holding tenant-owned rows. The purge calls every such store inside its exclusive unit of
 * work; a new store joins the purge by implementing this (and being registered with the purge use
 * case), nothing else.
 */
public interface TenantOwnedStore {

    /**
     * Removes every row of {@code tenant} this store owns. Called only inside
     * {@link TenantWriteLocks#purge}. Records nothing in the deletion log (the purge records one
     * {@code tenant} entry instead).
     *
     * @return how many rows of each category went; categories this store does not own are absent
     */
    Map<PurgeCategory, Long> purgeTenant(TenantId tenant);
}
