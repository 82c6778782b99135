package dev.lockstep.postgres;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordStore;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.domain.tenant.PurgeCategory;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** PostgreSQL {@link FeedbackRecordStore}. */
public final class PostgresFeedbackRecordStore implements FeedbackRecordStore {

    /**
     * The gated create, one statement: the row is inserted only when the tenant's shared advisory
     * try-lock is granted (a purge holding or queued for the exclusive lock makes the try fail, and
     * then zero rows are inserted — a conflict, never a success). In autocommit the statement is its
     * own transaction, so the shared lock covers exactly the insert; inside a unit of work it joins
     * the unit's transaction (re-taking a shared lock the transaction holds is granted at once).
     */
    static final String INSERT_GATED =
            """
      INSERT INTO feedback_records (tenant_id, id, user_id, payload, created_at, updated_at)
      SELECT ?::text, ?::uuid, ?::text, ?::jsonb, ?::timestamptz, ?::timestamptz
       WHERE pg_try_advisory_xact_lock_shared(hashtextextended(?, 0))
      """;

    private static final String COLUMNS = "id, tenant_id, user_id, payload::text AS payload, created_at, updated_at";

    static final String FIND = "SELECT " + COLUMNS + " FROM feedback_records WHERE tenant_id = ? AND id = ?";

    static final String LIST_FIRST =
            "SELECT " + COLUMNS + " FROM feedback_records WHERE tenant_id = ? ORDER BY id LIMIT ?";

    static final String LIST_AFTER =
            "SELECT " + COLUMNS + " FROM feedback_records WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?";

    /**
     * Row lock of the one record, its wait bounded by {@code SET LOCAL lock_timeout} (ROW_LOCK_TIMEOUT);
     * the caller's unit holds the tenant's shared lock.
     */
    static final String UPDATE_PAYLOAD =
            """
      UPDATE feedback_records SET payload = ?::jsonb, updated_at = ?
       WHERE tenant_id = ? AND id = ?
      RETURNING id, tenant_id, user_id, payload::text AS payload, created_at, updated_at
      """;

    /** Row lock of the one record (bounded wait); a concurrent delete that got there first leaves zero rows here. */
    static final String DELETE = "DELETE FROM feedback_records WHERE tenant_id = ? AND id = ? RETURNING id";

    /** No lock: the GDPR delete lists, then locks the tenants, then lists again inside the lock. */
    static final String TENANTS_OF_USER =
            "SELECT DISTINCT tenant_id FROM feedback_records WHERE user_id = ? ORDER BY tenant_id";

    /** Row locks of the user's records in one tenant (bounded wait; the caller holds that tenant's shared lock). */
    static final String DELETE_OF_USER =
            "DELETE FROM feedback_records WHERE user_id = ? AND tenant_id = ? RETURNING id";

    /** Runs only under the tenant's exclusive lock (the purge). */
    static final String PURGE = "DELETE FROM feedback_records WHERE tenant_id = ?";

    private final PgContext ctx;

    public PostgresFeedbackRecordStore(PgContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public FeedbackRecord create(FeedbackRecord record) {
        PgRows.insertGated(ctx.tx(), record.tenantId(), INSERT_GATED, (c, ps) -> {
            ps.setString(1, record.tenantId().value());
            ps.setObject(2, record.id());
            ps.setString(3, record.userId() == null ? null : record.userId().value());
            ps.setString(4, record.payload().json());
            ps.setObject(5, PgRows.ts(record.createdAt()));
            ps.setObject(6, PgRows.ts(record.updatedAt()));
            return 6;
        });
        return record;
    }

    @Override
    public Optional<FeedbackRecord> find(TenantId tenant, UUID id) {
        return ctx.tx().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(FIND)) {
                ps.setString(1, tenant.value());
                ps.setObject(2, id);
                return PgRows.all(ps, PostgresFeedbackRecordStore::map).stream().findFirst();
            }
        });
    }

    @Override
    public Page<FeedbackRecord> list(TenantId tenant, PageRequest page) {
        return PgRows.page(
                ctx.tx(), LIST_FIRST, LIST_AFTER, tenant, page, PostgresFeedbackRecordStore::map, FeedbackRecord::id);
    }

    @Override
    public Optional<FeedbackRecord> updatePayload(TenantId tenant, UUID id, FeedbackPayload payload, Instant at) {
        return PgRows.inUnit(ctx.tx(), c -> {
            RowLockBound.apply(ctx.tx(), c, ROW_LOCK_TIMEOUT);
            try (PreparedStatement ps = c.prepareStatement(UPDATE_PAYLOAD)) {
                ps.setString(1, payload.json());
                ps.setObject(2, PgRows.ts(at));
                ps.setString(3, tenant.value());
                ps.setObject(4, id);
                return PgRows.all(ps, PostgresFeedbackRecordStore::map).stream().findFirst();
            }
        });
    }

    @Override
    public boolean delete(TenantId tenant, UUID id) {
        return PgRows.inUnit(ctx.tx(), c -> {
            RowLockBound.apply(ctx.tx(), c, ROW_LOCK_TIMEOUT);
            try (PreparedStatement ps = c.prepareStatement(DELETE)) {
                ps.setString(1, tenant.value());
                ps.setObject(2, id);
                return !PgRows.all(ps, rs -> rs.getObject(1)).isEmpty();
            }
        });
    }

    @Override
    public Set<TenantId> tenantsHoldingRecordsOf(UserId user) {
        return ctx.tx().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(TENANTS_OF_USER)) {
                ps.setString(1, user.value());
                return new TreeSet<>(PgRows.all(ps, rs -> TenantId.of(rs.getString(1))));
            }
        });
    }

    @Override
    public List<UUID> deleteAllOf(TenantId tenant, UserId user) {
        return PgRows.inUnit(ctx.tx(), c -> {
            RowLockBound.apply(ctx.tx(), c, ROW_LOCK_TIMEOUT);
            try (PreparedStatement ps = c.prepareStatement(DELETE_OF_USER)) {
                ps.setString(1, user.value());
                ps.setString(2, tenant.value());
                return List.copyOf(new LinkedHashSet<>(PgRows.all(ps, rs -> PgRows.uuid(rs, "id"))));
            }
        });
    }

    @Override
    public Map<PurgeCategory, Long> purgeTenant(TenantId tenant) {
        long n = ctx.tx().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(PURGE)) {
                ps.setString(1, tenant.value());
                return (long) ps.executeUpdate();
            }
        });
        return Map.of(PurgeCategory.FEEDBACK_RECORDS, n);
    }

    private static FeedbackRecord map(ResultSet rs) throws SQLException {
        String user = rs.getString("user_id");
        return new FeedbackRecord(
                PgRows.uuid(rs, "id"),
                TenantId.of(rs.getString("tenant_id")),
                user == null ? null : UserId.of(user),
                FeedbackPayload.fromJson(rs.getString("payload")),
                PgRows.instant(rs, "created_at"),
                PgRows.instant(rs, "updated_at"));
    }
}
