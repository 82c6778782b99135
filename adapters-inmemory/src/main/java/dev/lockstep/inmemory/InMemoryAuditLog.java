package dev.lockstep.inmemory;

import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.json.Json;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.AuditLog;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/** The audit log in memory; events appear when their unit of work commits, in commit order. */
public final class InMemoryAuditLog implements AuditLog, TenantOwnedStore {
  private final TenantLogEntries<AuditEvent> events;
  private final Clock clock;

  InMemoryAuditLog(InMemoryUnitOfWork unitOfWork, TenantSequences sequences, Clock clock) {
    this.events = new TenantLogEntries<>(unitOfWork, sequences);
    this.clock = clock;
  }

  @Override
  public void record(TenantId tenant, String action, String resourceId, Map<String, Object> details) {
    // a round trip through JSON gives callers the same value shapes as the PostgreSQL adapter
    Map<String, Object> stored = Json.parseObject(Json.write(details == null ? Map.of() : details));
    LongFunction<AuditEvent> maker = seq -> new AuditEvent(seq, tenant, action, resourceId, Timestamps.now(clock), stored);
    events.appendAfterCommit(tenant, List.of(maker));
  }

  @Override
  public List<AuditEvent> after(TenantId tenant, long afterSeq, int limit) {
    return events.after(tenant, afterSeq, limit);
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    events.purge(tenant);
    return Map.of();
  }
}
