package dev.lockstep.domain.log;

/** What a deletion-log entry says was removed. */
public enum DeletionKind {
    IDENTITY("identity"),
    RATELIMIT("ratelimit"),
    SESSION("session"),
    FEEDBACK_RECORD("feedback_record"),
    WEBHOOK("webhook"),
    STACK("stack"),
    TENANT("tenant");

    private final String wireName;

    DeletionKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static DeletionKind fromWireName(String name) {
        for (DeletionKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown deletion kind " + name);
    }
}
