package dev.lockstep.application.tenant;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Removes every row a tenant owns under the tenant's exclusive lock, in one unit of work: every
 * store (the logs included) is emptied, then one {@code tenant} deletion-log entry and one
 * {@code tenant.purge} audit event are recorded. While the purge waits, new writes of the tenant
 * fail fast; if in-flight writes do not drain in time it answers {@code tenant_write_conflict} and
 * nothing is removed.
 */
@Singleton
public final class PurgeTenantData {
    private final TenantWriteLocks locks;

    public PurgeTenantData(TenantWriteLocks locks) {
        this.locks = locks;
    }

    /** Counts of removed rows, every category present (0 when none). */
    public record Result(Map<PurgeCategory, Long> deleted) {
        public Result {
            deleted = Map.copyOf(deleted);
        }

        public Map<String, Long> byWireName() {
            Map<String, Long> out = new LinkedHashMap<>();
            for (PurgeCategory c : PurgeCategory.values()) {
                out.put(c.wireName(), deleted.getOrDefault(c, 0L));
            }
            return out;
        }
    }

    public Result purge(TenantId tenant) {
        return locks.purge(tenant, unit -> {
            Map<PurgeCategory, Long> counts = new EnumMap<>(PurgeCategory.class);
            for (PurgeCategory c : PurgeCategory.values()) {
                counts.put(c, 0L);
            }
            for (TenantOwnedStore store : unit.tenantOwnedStores()) {
                store.purgeTenant(tenant).forEach((k, v) -> counts.merge(k, v, Long::sum));
            }
            Result result = new Result(counts);
            unit.deletionLog().record(tenant, DeletionKind.TENANT, tenant.value());
            unit.auditLog().record(tenant, AuditAction.TENANT_PURGE, tenant.value(), Map.copyOf(result.byWireName()));
            return result;
        });
    }
}
