package dev.lockstep.domain.log;

/** What an audit event says was done (API.md, "Audit log"). */
public enum AuditAction {
    IDENTITY_CREATE("identity.create"),
    IDENTITY_UPDATE("identity.update"),
    IDENTITY_DELETE("identity.delete"),
    STACK_ENV_UPDATE("stack.env.update"),
    STACK_DELETE("stack.delete"),
    TENANT_PURGE("tenant.purge"),
    WEBHOOK_MOVE("webhook.move");

    private final String wireName;

    AuditAction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static AuditAction fromWireName(String name) {
        for (AuditAction action : values()) {
            if (action.wireName.equals(name)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown audit action " + name);
    }
}
