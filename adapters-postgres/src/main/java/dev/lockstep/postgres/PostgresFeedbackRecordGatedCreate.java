package dev.lockstep.postgres;

import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordGatedCreate;

/**
 * PostgreSQL {@link FeedbackRecordGatedCreate}: one autocommit INSERT that takes the tenant's shared
 * try-lock in its own WHERE ({@link PgTenantTable#insertGated}), so a create is one round trip.
 */
public final class PostgresFeedbackRecordGatedCreate extends PgTenantTable.GatedCreate<FeedbackRecord>
        implements FeedbackRecordGatedCreate {

    PostgresFeedbackRecordGatedCreate(PgTransactions tx) {
        super(PostgresFeedbackRecordStore.TABLE, tx);
    }
}
