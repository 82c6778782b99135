package dev.lockstep.application;

/**
 * The batch-size metric of group commit: where the batching reports how many requests each shared
 * statement or unit carried (requests of one kind that arrive while a statement of their kind is in
 * flight go together in the next one; 1 for a lone request). Only a meter: the batching itself is
 * {@code dev.lockstep.application.batch.GroupCommit}. The adapters know nothing of metrics; the server
 * implements it (Micrometer) and hands it to the adapter it starts and to the use cases that batch.
 */
public interface BatchSizeMeter {
    /** The kinds of request that share statements, as operators see them. */
    enum Kind {
        /** The gated create of a feedback record. */
        FEEDBACK_RECORD_CREATE("feedback_record_create"),
        /** The gated create of a webhook. */
        WEBHOOK_CREATE("webhook_create"),
        /** The env PATCHes of one stack that share a unit of work (one row lock, one UPDATE, one COMMIT). */
        STACK_ENV_MERGE("stack_env_merge");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        /** The metric tag value, e.g. {@code feedback_record_create}. */
        public String wireName() {
            return wireName;
        }
    }

    /** Nothing is recorded: plain-Java users of an adapter, and tests. */
    BatchSizeMeter NONE = (kind, requests) -> {};

    /**
     * One statement of {@code kind} was sent for {@code requests} requests gathered together (1 for a
     * lone request).
     */
    void sent(Kind kind, int requests);
}
