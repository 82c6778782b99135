package dev.lockstep.postgres;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordStore;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.domain.tenant.PurgeCategory;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * PostgreSQL {@link FeedbackRecordStore}: the feedback-record writes of one unit, which holds the
 * tenant's shared lock (or the purge's exclusive one). Row-lock waits are bounded by the storage's
 * row-lock wait. The table and its shared statements are {@link #TABLE}.
 */
public final class PostgresFeedbackRecordStore extends PgTenantTable.UnitStore<FeedbackRecord>
        implements FeedbackRecordStore, TenantOwnedStore {

    static final PgTenantTable<FeedbackRecord> TABLE = new PgTenantTable<>(
            "feedback_records",
            "tenant_id, id, user_id, payload, created_at, updated_at",
            "?::text, ?::uuid, ?::text, ?::jsonb, ?::timestamptz, ?::timestamptz",
            "id, tenant_id, user_id, payload::text AS payload, created_at, updated_at",
            PostgresFeedbackRecordStore::map,
            PostgresFeedbackRecordStore::bind,
            PostgresFeedbackRecordStore::texts,
            FeedbackRecord::tenantId,
            FeedbackRecord::id,
            PurgeCategory.FEEDBACK_RECORDS);

    /** Row lock of the one record (bounded wait). */
    static final String UPDATE_PAYLOAD = TABLE.updateSql("payload = ?::jsonb, updated_at = ?");

    /** Row locks of the user's records in one tenant (bounded wait; the unit holds that tenant's lock). */
    static final String DELETE_OF_USER =
            "DELETE FROM feedback_records WHERE user_id = ? AND tenant_id = ? RETURNING id";

    PostgresFeedbackRecordStore(PgUnit unit, Duration rowLockWait) {
        super(TABLE, unit, rowLockWait);
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

    private static int bind(Connection c, PreparedStatement ps, FeedbackRecord record) throws SQLException {
        ps.setString(1, record.tenantId().value());
        ps.setObject(2, record.id());
        ps.setString(3, record.userId() == null ? null : record.userId().value());
        ps.setString(4, PgJson.write(record.payload().value()));
        ps.setObject(5, PgRows.ts(record.createdAt()));
        ps.setObject(6, PgRows.ts(record.updatedAt()));
        return 6;
    }

    /** The insert columns in text form, as {@link #bind} binds them (a gated create sends these). */
    private static String[] texts(FeedbackRecord record) {
        return new String[] {
            record.tenantId().value(),
            record.id().toString(),
            record.userId() == null ? null : record.userId().value(),
            PgJson.write(record.payload().value()),
            record.createdAt().toString(),
            record.updatedAt().toString()
        };
    }

    private static FeedbackRecord map(ResultSet rs) throws SQLException {
        String user = rs.getString("user_id");
        return new FeedbackRecord(
                PgRows.uuid(rs, "id"),
                TenantId.of(rs.getString("tenant_id")),
                user == null ? null : UserId.of(user),
                new FeedbackPayload(PgJson.readObject(rs.getString("payload"))),
                PgRows.instant(rs, "created_at"),
                PgRows.instant(rs, "updated_at"));
    }
}
