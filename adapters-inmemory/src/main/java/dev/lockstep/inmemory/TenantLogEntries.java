package dev.lockstep.inmemory;

import dev.lockstep.domain.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongFunction;

/**
 * The entries of one per-tenant log (deletions or audit), keyed by seq. Entries are appended only
 * when their unit of work succeeds, under the shared {@link TenantSequences} monitor, so seq order
 * is commit order and a rolled-back unit leaves none.
 */
final class TenantLogEntries<E> {
    private final TenantSequences sequences;
    private final Map<TenantId, ConcurrentSkipListMap<Long, E>> entries = new ConcurrentHashMap<>();

    TenantLogEntries(TenantSequences sequences) {
        this.sequences = sequences;
    }

    /** After the unit commits, numbers and appends one entry per factory call, in order. */
    void appendAfterCommit(InMemoryUnitOfWork unit, TenantId tenant, List<LongFunction<E>> makers) {
        if (makers.isEmpty()) {
            return;
        }
        unit.afterCommit(() -> {
            synchronized (sequences) {
                var log = entries.computeIfAbsent(tenant, t -> new ConcurrentSkipListMap<>());
                for (LongFunction<E> maker : makers) {
                    long seq = sequences.next(tenant);
                    log.put(seq, maker.apply(seq));
                }
            }
        });
    }

    List<E> after(TenantId tenant, long afterSeq, int limit) {
        var log = entries.get(tenant);
        List<E> out = new ArrayList<>();
        if (log == null) {
            return out;
        }
        for (E e : log.tailMap(afterSeq, false).values()) {
            if (out.size() == limit) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    /** Empties the tenant's log inside the purge's unit (undone if the purge fails). */
    void purge(InMemoryUnitOfWork unit, TenantId tenant) {
        var removed = entries.remove(tenant);
        if (removed != null) {
            unit.onRollback(() -> entries.put(tenant, removed));
        }
    }
}
