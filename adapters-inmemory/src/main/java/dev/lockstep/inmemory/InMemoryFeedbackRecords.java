package dev.lockstep.inmemory;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordGatedCreate;
import dev.lockstep.domain.feedback.FeedbackRecordQueries;
import dev.lockstep.domain.feedback.FeedbackRecordStore;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.domain.log.ChangeRows;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.PurgeCategory;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Feedback records in H2: the plain reads and the gated create here, a unit's writes in {@link InUnit}. */
final class InMemoryFeedbackRecords extends GatedTenantRows<FeedbackRecord>
        implements FeedbackRecordQueries, FeedbackRecordGatedCreate {

    InMemoryFeedbackRecords(TenantGates gates, InMemoryDatabase db, Duration rowLockWait) {
        super(
                gates,
                db,
                "feedback_records",
                "feedback record",
                rowLockWait,
                FeedbackRecord::id,
                FeedbackRecord::tenantId,
                PurgeCategory.FEEDBACK_RECORDS,
                rs -> {
                    String user = rs.getString("user_id");
                    return new FeedbackRecord(
                            rs.getObject("id", UUID.class),
                            TenantId.of(rs.getString("tenant_id")),
                            user == null ? null : UserId.of(user),
                            new FeedbackPayload(H2Json.object(rs.getString("payload"))),
                            Jdbc.instant(rs, "created_at"),
                            Jdbc.instant(rs, "updated_at"));
                });
    }

    @Override
    InMemoryUnitOfWork.LogEntry createdEntry(FeedbackRecord r) {
        return InMemoryChangeLogs.upsert(
                r.tenantId(),
                DeletionKind.FEEDBACK_RECORD,
                r.id().toString(),
                ChangeRows.feedbackRecord(r),
                r.createdAt());
    }

    @Override
    void insert(Connection c, FeedbackRecord r) {
        Jdbc.update(
                c,
                "INSERT INTO feedback_records (tenant_id, id, user_id, payload, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                r.tenantId().value(),
                r.id(),
                r.userId() == null ? null : r.userId().value(),
                H2Json.write(r.payload().value()),
                r.createdAt(),
                r.updatedAt());
    }

    @Override
    void replace(Connection c, TenantId tenant, FeedbackRecord r) {
        Jdbc.update(
                c,
                "UPDATE feedback_records SET payload = ?, updated_at = ? WHERE tenant_id = ? AND id = ?",
                H2Json.write(r.payload().value()),
                r.updatedAt(),
                tenant.value(),
                r.id());
    }

    @Override
    public Set<TenantId> tenantsHoldingRecordsOf(UserId user) {
        return db.read(c -> tenantsHoldingRecordsOf(c, user));
    }

    private static Set<TenantId> tenantsHoldingRecordsOf(Connection c, UserId user) {
        return new TreeSet<>(Jdbc.query(
                c,
                "SELECT DISTINCT tenant_id FROM feedback_records WHERE user_id = ?",
                rs -> TenantId.of(rs.getString(1)),
                user.value()));
    }

    InUnit in(InMemoryUnitOfWork unit) {
        return new InUnit(unit);
    }

    /** The feedback-record writes of one unit. */
    final class InUnit extends Writes implements FeedbackRecordStore {
        private InUnit(InMemoryUnitOfWork unit) {
            super(unit);
        }

        @Override
        public Optional<FeedbackRecord> updatePayload(TenantId tenant, UUID id, FeedbackPayload payload, Instant at) {
            return update(tenant, id, current -> current.withPayload(payload, at));
        }

        @Override
        public Set<TenantId> tenantsHoldingRecordsOf(UserId user) {
            // in the unit's transaction: a record committed since the caller's listing is seen here
            return InMemoryFeedbackRecords.tenantsHoldingRecordsOf(unit.connection(), user);
        }

        @Override
        public List<UUID> deleteAllOf(TenantId tenant, UserId user) {
            List<UUID> removed = new ArrayList<>();
            for (UUID id : Jdbc.query(
                    unit.connection(),
                    "SELECT id FROM feedback_records WHERE tenant_id = ? AND user_id = ? ORDER BY id",
                    rs -> rs.getObject(1, UUID.class),
                    tenant.value(),
                    user.value())) {
                if (delete(tenant, id)) {
                    removed.add(id);
                }
            }
            return removed;
        }
    }
}
