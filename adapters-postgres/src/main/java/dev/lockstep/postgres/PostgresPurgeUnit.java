package dev.lockstep.postgres;

import dev.lockstep.domain.tenant.PurgeUnit;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.util.List;

/** The ports of a purge's unit: a {@link PostgresTenantUnit} holding the tenant's exclusive lock. */
public final class PostgresPurgeUnit extends PostgresTenantUnit implements PurgeUnit {

    PostgresPurgeUnit(PgUnit unit, PgContext ctx) {
        super(unit, ctx);
    }

    @Override
    public List<TenantOwnedStore> tenantOwnedStores() {
        // rows first (children before parents), the stored idempotent answers with them, the logs
        // last: the purge then records its own entries
        return List.of(sessions(), identities(), feedbackRecords(), webhooks(), stacks(), idempotency(), deletionLog());
    }
}
