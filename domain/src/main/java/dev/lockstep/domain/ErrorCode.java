package dev.lockstep.domain;

/**
 * The stable, machine-readable error codes of the public contract (API.md). The HTTP adapter maps
 * each to a status once; everything below it speaks only in these codes.
 */
public enum ErrorCode {
    VALIDATION_FAILED("validation_failed", false),
    UNAUTHORIZED("unauthorized", false),
    FORBIDDEN("forbidden", false),
    NOT_FOUND("not_found", false),
    IDENTITY_EXISTS("identity_exists", false),
    /** A purge of the tenant is queued or running, or a purge could not drain in-flight writes. */
    TENANT_WRITE_CONFLICT("tenant_write_conflict", true),
    STACK_EXISTS("stack_exists", false),
    STACK_DELETING("stack_deleting", false),
    PAYLOAD_TOO_LARGE("payload_too_large", false),
    ENV_TOO_LARGE("env_too_large", false),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", false),
    /** A row lock was not granted within its bound. */
    LOCK_TIMEOUT("lock_timeout", true),
    /** The database is unreachable or the connection broke mid-request; nothing was written. */
    STORAGE_UNAVAILABLE("storage_unavailable", true),
    IDP_SYNC_NOT_CONFIGURED("idp_sync_not_configured", false),
    INTERNAL("internal", false);

    private final String code;
    private final boolean retryable;

    ErrorCode(String code, boolean retryable) {
        this.code = code;
        this.retryable = retryable;
    }

    /** The wire form, e.g. {@code tenant_write_conflict}. */
    public String code() {
        return code;
    }

    /** Whether a client may retry the same request unchanged (answers carry {@code Retry-After}). */
    public boolean retryable() {
        return retryable;
    }
}
