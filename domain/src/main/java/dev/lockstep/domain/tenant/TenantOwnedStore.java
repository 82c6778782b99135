package dev.lockstep.domain.tenant;

import dev.lockstep.domain.TenantId;
import java.util.Map;

/**
 * A store holding tenant-owned rows, scoped to a purge's unit of work ({@link
 * PurgeUnit#tenantOwnedStores()}). A new store joins the purge by being listed there.
 */
public interface TenantOwnedStore {

    /**
     * Removes every row of {@code tenant} this store owns. Records nothing in the deletion log (the purge records one
     * {@code tenant} entry instead).
     *
     * @return how many rows of each category went; categories this store does not own are absent
     */
    Map<PurgeCategory, Long> purgeTenant(TenantId tenant);
}
