package dev.lockstep.domain.log;

/** What a change-feed entry says happened to its row: it is now as the entry shows, or it is gone. */
public enum ChangeOp {
    UPSERT("upsert"),
    DELETE("delete");

    private final String wireName;

    ChangeOp(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static ChangeOp fromWireName(String name) {
        for (ChangeOp op : values()) {
            if (op.wireName.equals(name)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown change op " + name);
    }
}
