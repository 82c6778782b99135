package dev.lockstep.domain.feedback;

/**
 * The create of a feedback record as one atomic step that takes its tenant's shared write lock
 * itself, with a try, and inserts only when it is granted. It needs no unit of work (on PostgreSQL it
 * is one statement, one round trip).
 */
public interface FeedbackRecordGatedCreate {

    /**
     * @throws dev.lockstep.domain.DomainException {@code tenant_write_conflict} when a purge of the
     *     tenant is queued or running; nothing is inserted
     */
    FeedbackRecord createGated(FeedbackRecord record);
}
