package dev.lockstep.inmemory;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordStore;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.domain.tenant.PurgeCategory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * In-memory {@link FeedbackRecordStore}. Rows live in {@link TenantRows} keyed by the id's text, so
 * the order is PostgreSQL's uuid order. Every mutation of an existing row holds the row's key lock
 * until the unit ends (the stand-in for the row lock an UPDATE/DELETE takes) and registers its
 * inverse, so a unit that fails, or a concurrent writer of the same row, can never resurrect or
 * clobber a change.
 */
public final class InMemoryFeedbackRecordStore implements FeedbackRecordStore {
  private final InMemoryContext ctx;
  private final TenantRows<FeedbackRecord> rows;

  public InMemoryFeedbackRecordStore(InMemoryContext ctx) {
    this.ctx = ctx;
    this.rows = new TenantRows<>(ctx.unitOfWork(), "feedback record", ROW_LOCK_TIMEOUT);
  }

  @Override
  public FeedbackRecord create(FeedbackRecord record) {
    // the shared try-lock of the tenant, joined when a unit already holds it
    return ctx.tenantLocks().write(record.tenantId(), () -> {
      rows.insert(record.tenantId(), record.id(), record);
      return record;
    });
  }

  @Override
  public Optional<FeedbackRecord> find(TenantId tenant, UUID id) {
    return rows.find(tenant, id);
  }

  @Override
  public Page<FeedbackRecord> list(TenantId tenant, PageRequest page) {
    return rows.list(tenant, page, FeedbackRecord::id);
  }

  @Override
  public Optional<FeedbackRecord> updatePayload(TenantId tenant, UUID id, FeedbackPayload payload, Instant at) {
    return rows.update(tenant, id, current -> current.withPayload(payload, at));
  }

  @Override
  public boolean delete(TenantId tenant, UUID id) {
    return rows.delete(tenant, id);
  }

  @Override
  public Set<TenantId> tenantsHoldingRecordsOf(UserId user) {
    // a scan: the in-memory adapter serves demos and other teams' unit tests, not millions of rows
    Set<TenantId> out = new TreeSet<>();
    rows.forEachTenant((tenant, records) -> {
      for (FeedbackRecord r : records) {
        if (user.equals(r.userId())) {
          out.add(tenant);
          return;
        }
      }
    });
    return out;
  }

  @Override
  public List<UUID> deleteAllOf(TenantId tenant, UserId user) {
    List<UUID> removed = new ArrayList<>();
    for (FeedbackRecord r : rows.snapshot(tenant)) {
      if (user.equals(r.userId()) && rows.delete(tenant, r.id())) {
        removed.add(r.id());
      }
    }
    return removed;
  }

  @Override
  public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
    return Map.of(PurgeCategory.FEEDBACK_RECORDS, rows.purge(tenant));
  }
}
