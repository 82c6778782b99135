package dev.lockstep.inmemory;

import dev.lockstep.domain.TenantId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One sequence per tenant shared by the deletion log and the audit log (as on PostgreSQL), never
 * reset, not even by a purge, so cursors held by clients stay valid.
 */
final class TenantSequences {
    private final ConcurrentHashMap<TenantId, AtomicLong> last = new ConcurrentHashMap<>();

    long next(TenantId tenant) {
        return last.computeIfAbsent(tenant, t -> new AtomicLong()).incrementAndGet();
    }
}
