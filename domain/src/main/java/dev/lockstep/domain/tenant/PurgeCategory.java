package dev.lockstep.domain.tenant;

/** The row kinds a tenant purge counts, with their names in the purge answer. */
public enum PurgeCategory {
    IDENTITIES("identities"),
    RATELIMITS("ratelimits"),
    SESSIONS("sessions"),
    FEEDBACK_RECORDS("feedbackRecords"),
    WEBHOOKS("webhooks"),
    STACKS("stacks");

    private final String wireName;

    PurgeCategory(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
