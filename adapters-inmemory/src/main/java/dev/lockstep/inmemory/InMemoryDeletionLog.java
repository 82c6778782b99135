package dev.lockstep.inmemory;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLog;
import dev.lockstep.domain.log.DeletionLogEntry;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Entries are appended when their unit of work succeeds, under one monitor, so seq order is commit
 * order and a rolled-back unit leaves none.
 */
public final class InMemoryDeletionLog implements DeletionLog, TenantOwnedStore {
  private final InMemoryUnitOfWork unitOfWork;
  private final TenantSequences sequences;
  private final Clock clock;
  private final Map<TenantId, ConcurrentSkipListMap<Long, DeletionLogEntry>> entries = new ConcurrentHashMap<>();

  InMemoryDeletionLog(InMemoryUnitOfWork unitOfWork, TenantSequences sequences, Clock clock) {
    this.unitOfWork = unitOfWork;
    this.sequences = sequences;
    this.clock = clock;
  }

  @Override
  public void record(TenantId tenant, DeletionKind kind, String id) {
    recordAll(tenant, kind, List.of(id));
  }

  @Override
  public void recordAll(TenantId tenant, DeletionKind kind, Collection<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    List<String> copy = List.copyOf(ids);
    unitOfWork.afterCommit(
        () -> {
          synchronized (sequences) {
            var log = entries.computeIfAbsent(tenant, t -> new ConcurrentSkipListMap<>());
            for (String id : copy) {
              long seq = sequences.next(tenant);
              log.put(seq, new DeletionLogEntry(seq, tenant, kind, id, clock.instant()));
            }
          }
        });
  }

  @Override
  public List<DeletionLogEntry> after(TenantId tenant, long afterSeq, int limit) {
    var log = entries.get(tenant);
    List<DeletionLogEntry> out = new ArrayList<>();
    if (log == null) {
      return out;
    }
    for (DeletionLogEntry e : log.tailMap(afterSeq, false).values()) {
      if (out.size() == limit) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    var removed = entries.remove(tenant);
    if (removed != null) {
      unitOfWork.onRollback(() -> entries.put(tenant, removed));
    }
    return Map.of();
  }
}
