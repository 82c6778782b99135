package dev.lockstep.inmemory;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.json.Json;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.AuditLog;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** Same commit-order discipline as {@link InMemoryDeletionLog}. */
public final class InMemoryAuditLog implements AuditLog, TenantOwnedStore {
  private final InMemoryUnitOfWork unitOfWork;
  private final TenantSequences sequences;
  private final Clock clock;
  private final Map<TenantId, ConcurrentSkipListMap<Long, AuditEvent>> events = new ConcurrentHashMap<>();

  InMemoryAuditLog(InMemoryUnitOfWork unitOfWork, TenantSequences sequences, Clock clock) {
    this.unitOfWork = unitOfWork;
    this.sequences = sequences;
    this.clock = clock;
  }

  @Override
  public void record(TenantId tenant, String action, String resourceId, Map<String, Object> details) {
    // a round trip through JSON gives callers the same value shapes as the PostgreSQL adapter
    Map<String, Object> stored = Json.parseObject(Json.write(details == null ? Map.of() : details));
    unitOfWork.afterCommit(
        () -> {
          synchronized (sequences) {
            long seq = sequences.next(tenant);
            events
                .computeIfAbsent(tenant, t -> new ConcurrentSkipListMap<>())
                .put(seq, new AuditEvent(seq, tenant, action, resourceId, clock.instant(), stored));
          }
        });
  }

  @Override
  public List<AuditEvent> after(TenantId tenant, long afterSeq, int limit) {
    var log = events.get(tenant);
    List<AuditEvent> out = new ArrayList<>();
    if (log == null) {
      return out;
    }
    for (AuditEvent e : log.tailMap(afterSeq, false).values()) {
      if (out.size() == limit) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    var removed = events.remove(tenant);
    if (removed != null) {
      unitOfWork.onRollback(() -> events.put(tenant, removed));
    }
    return Map.of();
  }
}
