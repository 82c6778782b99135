package dev.lockstep.domain.tenant;

import java.util.List;

/** The ports of a purge's unit of work: those of any unit, plus every store holding tenant rows. */
public interface PurgeUnit extends TenantUnit {

    /**
     * Every store holding tenant-owned rows, the logs last (so the purge empties them and then
     * records its own entries), each scoped to this unit.
     */
    List<TenantOwnedStore> tenantOwnedStores();
}
