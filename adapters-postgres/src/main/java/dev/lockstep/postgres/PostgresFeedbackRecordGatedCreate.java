package dev.lockstep.postgres;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordGatedCreate;
import dev.lockstep.domain.log.ChangeRows;

/**
 * PostgreSQL {@link FeedbackRecordGatedCreate}: one autocommit INSERT that takes the tenant's shared
 * try-lock in the same statement, so a create is one round trip; creates that arrive while one is in
 * flight share the next statement ({@link PgGatedCreate}, {@link PgGroupCommit}).
 */
public final class PostgresFeedbackRecordGatedCreate extends PgGatedCreate<FeedbackRecord>
        implements FeedbackRecordGatedCreate {

    /**
     * Lock: the record's tenant's shared advisory lock, with a try (never waits), held until the
     * statement commits; refused, nothing is inserted — neither the row nor its change-feed entry. A
     * batch of one, on scalar parameters. The entry's seq is the statement's own transaction's first
     * position (V9, V10).
     */
    static final String INSERT_GATED_ONE =
            """
            WITH v AS (SELECT ?::text AS tenant_id, ?::uuid AS id, ?::text AS user_id, ?::jsonb AS payload,
                              ?::timestamptz AS created_at, ?::timestamptz AS updated_at, ?::jsonb AS change_row),
            ins AS (INSERT INTO feedback_records (tenant_id, id, user_id, payload, created_at, updated_at)
                    SELECT v.tenant_id, v.id, v.user_id, v.payload, v.created_at, v.updated_at FROM v
                     WHERE %s
                    RETURNING id),
            feed AS (INSERT INTO deletion_log (tenant_id, seq, kind, id, deleted_at, op, row_data)
                     SELECT v.tenant_id, lockstep_log_position(pg_current_xact_id()), 'feedback_record', v.id::text,
                            v.created_at, 'upsert', v.change_row
                       FROM v JOIN ins ON ins.id = v.id)
            SELECT id FROM ins"""
                    .formatted(PostgresTenantWriteLocks.TRY_SHARED_CONDITION);

    /**
     * Lock: each row's tenant's shared advisory lock, with a try (never waits), held until the
     * statement commits; only the rows whose lock was granted are inserted, each with its change-feed
     * entry, numbered from the statement's transaction by its ordinal in the batch (batch order).
     */
    static final String INSERT_GATED =
            """
            WITH v AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                                WITH ORDINALITY
                                AS v(tenant_id, id, user_id, payload, created_at, updated_at, change_row, lock_key, ord)),
            ins AS (INSERT INTO feedback_records (tenant_id, id, user_id, payload, created_at, updated_at)
                    SELECT v.tenant_id, v.id::uuid, v.user_id, v.payload::jsonb, v.created_at::timestamptz, v.updated_at::timestamptz
                      FROM v
                     WHERE %s
                    RETURNING id),
            feed AS (INSERT INTO deletion_log (tenant_id, seq, kind, id, deleted_at, op, row_data)
                     SELECT v.tenant_id, lockstep_log_position(pg_current_xact_id()) + v.ord - 1, 'feedback_record', v.id,
                            v.created_at::timestamptz, 'upsert', v.change_row::jsonb
                       FROM v JOIN ins ON ins.id = v.id::uuid)
            SELECT id FROM ins"""
                    .formatted(PostgresTenantWriteLocks.TRY_SHARED_OF_ROWS);

    /**
     * Lock ({@code lockstep.tenant.lock = row}): the rows' tenants' lock rows FOR SHARE, skipped
     * (never waited for) while a purge holds one, none taken while a purge is queued; held until the
     * statement commits. Only the rows whose tenant's lock row was taken are inserted, each with its
     * change-feed entry (ordinal in the batch).
     */
    static final String INSERT_ROW_GATED =
            """
            WITH v AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                                  WITH ORDINALITY
                                  AS v(tenant_id, id, user_id, payload, created_at, updated_at, change_row, ord)),
            gate AS (%s),
            ins AS (INSERT INTO feedback_records (tenant_id, id, user_id, payload, created_at, updated_at)
                    SELECT v.tenant_id, v.id::uuid, v.user_id, v.payload::jsonb, v.created_at::timestamptz, v.updated_at::timestamptz
                      FROM v JOIN gate g ON g.tenant_id = v.tenant_id
                    RETURNING id),
            feed AS (INSERT INTO deletion_log (tenant_id, seq, kind, id, deleted_at, op, row_data)
                     SELECT v.tenant_id, lockstep_log_position(pg_current_xact_id()) + v.ord - 1, 'feedback_record', v.id,
                            v.created_at::timestamptz, 'upsert', v.change_row::jsonb
                       FROM v JOIN ins ON ins.id = v.id::uuid)
            SELECT v.id::uuid, ins.id IS NOT NULL, EXISTS (SELECT 1 FROM tenant_locks k WHERE k.tenant_id = v.tenant_id)
              FROM v LEFT JOIN ins ON ins.id = v.id::uuid"""
                    .formatted(PostgresRowTenantWriteLocks.SHARED_GATE_OF_ROWS);

    PostgresFeedbackRecordGatedCreate(PgContext ctx, BatchSizeMeter meter) {
        super(ctx, BatchSizeMeter.Kind.FEEDBACK_RECORD_CREATE, meter, INSERT_GATED_ONE, INSERT_GATED, INSERT_ROW_GATED);
    }

    @Override
    Row row(FeedbackRecord record) {
        return new Row(record.tenantId(), record.id(), withChangeRow(texts(record), ChangeRows.feedbackRecord(record)));
    }

    /**
     * The record's columns in text form, in the order of every INSERT of feedback_records.
     */
    static String[] texts(FeedbackRecord record) {
        return new String[] {
            record.tenantId().value(),
            record.id().toString(),
            record.userId() == null ? null : record.userId().value(),
            PgJson.write(record.payload().value()),
            record.createdAt().toString(),
            record.updatedAt().toString()
        };
    }
}
