package dev.lockstep.postgres;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordQueries;
import dev.lockstep.domain.feedback.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

/** PostgreSQL {@link FeedbackRecordQueries}: one autocommit statement each, no lock. */
public final class PostgresFeedbackRecordQueries extends PgTenantTable.Queries<FeedbackRecord>
        implements FeedbackRecordQueries {

    /** No lock: the GDPR delete lists, then locks the tenants, then lists again inside its unit. */
    static final String TENANTS_OF_USER =
            "SELECT DISTINCT tenant_id FROM feedback_records WHERE user_id = ? ORDER BY tenant_id";

    PostgresFeedbackRecordQueries(PgTransactions tx) {
        super(PostgresFeedbackRecordStore.TABLE, tx);
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
}
