package dev.lockstep.postgres;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordQueries;
import dev.lockstep.domain.feedback.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** PostgreSQL {@link FeedbackRecordQueries}: one autocommit statement each, no lock. */
public final class PostgresFeedbackRecordQueries extends PgTenantQueries<FeedbackRecord>
        implements FeedbackRecordQueries {

    /** No lock: a read of what is committed. */
    static final String FIND =
            """
            SELECT id, tenant_id, user_id, payload::text AS payload, created_at, updated_at
              FROM feedback_records WHERE tenant_id = ? AND id = ?""";

    /** No lock; keyset page over (tenant_id, id), one row more than asked. */
    static final String LIST_FIRST =
            """
            SELECT id, tenant_id, user_id, payload::text AS payload, created_at, updated_at
              FROM feedback_records WHERE tenant_id = ? ORDER BY id LIMIT ?""";

    /** No lock; the page after the cursor id. */
    static final String LIST_AFTER =
            """
            SELECT id, tenant_id, user_id, payload::text AS payload, created_at, updated_at
              FROM feedback_records WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?""";

    /** No lock: the GDPR delete lists, then locks the tenants, then lists again inside its unit. */
    static final String TENANTS_OF_USER =
            "SELECT DISTINCT tenant_id FROM feedback_records WHERE user_id = ? ORDER BY tenant_id";

    PostgresFeedbackRecordQueries(PgTransactions tx) {
        super(tx, PostgresFeedbackRecordQueries::map, FeedbackRecord::id);
    }

    @Override
    public Optional<FeedbackRecord> find(TenantId tenant, UUID id) {
        return findOne(FIND, tenant, id);
    }

    @Override
    public Page<FeedbackRecord> list(TenantId tenant, PageRequest page) {
        return page(LIST_FIRST, LIST_AFTER, tenant, page);
    }

    @Override
    public Set<TenantId> tenantsHoldingRecordsOf(UserId user) {
        return tx.autocommit(c -> tenantsHoldingRecordsOf(c, user));
    }

    static Set<TenantId> tenantsHoldingRecordsOf(Connection c, UserId user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TENANTS_OF_USER)) {
            ps.setString(1, user.value());
            return new TreeSet<>(PgRows.all(ps, rs -> TenantId.of(rs.getString(1))));
        }
    }

    /** A row of the select list every read and {@code RETURNING} of feedback_records uses. */
    static FeedbackRecord map(ResultSet rs) throws SQLException {
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
