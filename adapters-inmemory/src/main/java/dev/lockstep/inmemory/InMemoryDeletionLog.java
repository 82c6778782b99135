package dev.lockstep.inmemory;

import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLog;
import dev.lockstep.domain.log.DeletionLogEntry;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/** The deletion log in memory; entries appear when their unit of work commits, in commit order. */
public final class InMemoryDeletionLog implements DeletionLog, TenantOwnedStore {
  private final TenantLogEntries<DeletionLogEntry> entries;
  private final Clock clock;

  InMemoryDeletionLog(InMemoryUnitOfWork unitOfWork, TenantSequences sequences, Clock clock) {
    this.entries = new TenantLogEntries<>(unitOfWork, sequences);
    this.clock = clock;
  }

  @Override
  public void record(TenantId tenant, DeletionKind kind, String id) {
    recordAll(tenant, kind, List.of(id));
  }

  @Override
  public void recordAll(TenantId tenant, DeletionKind kind, Collection<String> ids) {
    List<LongFunction<DeletionLogEntry>> makers =
        ids.stream()
            .<LongFunction<DeletionLogEntry>>map(id -> seq -> new DeletionLogEntry(seq, tenant, kind, id, Timestamps.now(clock)))
            .toList();
    entries.appendAfterCommit(tenant, makers);
  }

  @Override
  public List<DeletionLogEntry> after(TenantId tenant, long afterSeq, int limit) {
    return entries.after(tenant, afterSeq, limit);
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    entries.purge(tenant);
    return Map.of();
  }
}
