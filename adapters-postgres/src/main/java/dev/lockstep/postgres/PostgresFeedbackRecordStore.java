package dev.lockstep.postgres;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordStore;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * PostgreSQL {@link FeedbackRecordStore}: the feedback-record writes of one unit, which holds the
 * tenant's shared lock (or the purge's exclusive one). Row-lock waits are bounded by the storage's
 * row-lock wait ({@link PgUnitStore}).
 */
public final class PostgresFeedbackRecordStore extends PgUnitStore<FeedbackRecord>
        implements FeedbackRecordStore, TenantOwnedStore {

    /** No lock of its own: the unit already holds the record's tenant. */
    static final String INSERT =
            """
            INSERT INTO feedback_records (tenant_id, id, user_id, payload, created_at, updated_at)
            VALUES (?::text, ?::uuid, ?::text, ?::jsonb, ?::timestamptz, ?::timestamptz)""";

    /** Row lock of the one record (bounded wait). */
    static final String UPDATE_PAYLOAD =
            """
            UPDATE feedback_records SET payload = ?::jsonb, updated_at = ?
             WHERE tenant_id = ? AND id = ?
            RETURNING id, tenant_id, user_id, payload::text AS payload, created_at, updated_at""";

    /** Row lock of the one record (bounded wait); a concurrent delete that got there first leaves none. */
    static final String DELETE = "DELETE FROM feedback_records WHERE tenant_id = ? AND id = ? RETURNING id";

    /** Row locks of the user's records in one tenant (bounded wait; the unit holds that tenant's lock). */
    static final String DELETE_OF_USER =
            "DELETE FROM feedback_records WHERE user_id = ? AND tenant_id = ? RETURNING id";

    /** Runs only under the tenant's exclusive lock (the purge). */
    static final String PURGE = "DELETE FROM feedback_records WHERE tenant_id = ?";

    PostgresFeedbackRecordStore(PgUnit unit, Duration rowLockWait) {
        super(unit, rowLockWait, PostgresFeedbackRecordQueries::map);
    }

    @Override
    public FeedbackRecord create(FeedbackRecord record) {
        return insert(INSERT, record.tenantId(), record, PostgresFeedbackRecordGatedCreate.texts(record));
    }

    @Override
    public Optional<FeedbackRecord> updatePayload(TenantId tenant, UUID id, FeedbackPayload payload, Instant at) {
        return update(UPDATE_PAYLOAD, tenant, id, (c, ps) -> {
            ps.setString(1, PgJson.write(payload.value()));
            ps.setObject(2, PgRows.ts(at));
            return 2;
        });
    }

    @Override
    public boolean delete(TenantId tenant, UUID id) {
        return deleteOne(DELETE, tenant, id);
    }

    @Override
    public Set<TenantId> tenantsHoldingRecordsOf(UserId user) {
        return unit.run(c -> PostgresFeedbackRecordQueries.tenantsHoldingRecordsOf(c, user));
    }

    @Override
    public List<UUID> deleteAllOf(TenantId tenant, UserId user) {
        return unit.run(c -> {
            unit.boundRowLockWaits(rowLockWait);
            try (PreparedStatement ps = c.prepareStatement(DELETE_OF_USER)) {
                ps.setString(1, user.value());
                ps.setString(2, tenant.value());
                return List.copyOf(new LinkedHashSet<>(PgRows.all(ps, rs -> PgRows.uuid(rs, "id"))));
            }
        });
    }

    @Override
    public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
        return purge(PURGE, PurgeCategory.FEEDBACK_RECORDS, tenant);
    }
}
