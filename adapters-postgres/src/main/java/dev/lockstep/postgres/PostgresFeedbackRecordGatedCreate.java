package dev.lockstep.postgres;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordGatedCreate;

/**
 * PostgreSQL {@link FeedbackRecordGatedCreate}: one autocommit INSERT that takes the tenant's shared
 * try-lock in the same statement ({@link PgTenantTable#insertGatedSql}, or {@link
 * PgTenantTable#insertRowGatedSql} with the row lock), so a create is one round trip; creates that
 * arrive while one is in flight share the next statement ({@link PgGroupCommit}).
 */
public final class PostgresFeedbackRecordGatedCreate extends PgTenantTable.GatedCreate<FeedbackRecord>
        implements FeedbackRecordGatedCreate {

    PostgresFeedbackRecordGatedCreate(PgContext ctx, BatchSizeMeter meter) {
        super(PostgresFeedbackRecordStore.TABLE, ctx, BatchSizeMeter.Kind.FEEDBACK_RECORD_CREATE, meter);
    }
}
