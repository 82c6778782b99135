package dev.lockstep.domain;

/**
 * The stable, machine-readable error codes of the public contract (API.md) that the domain and the
 * use cases produce. The HTTP adapter maps each to a status once, and adds the few codes only HTTP
 * produces (an API key out of scope, a body over the limit, an unexpected bug); everything below it
 * speaks only in these codes.
 */
public enum ErrorCode {
    VALIDATION_FAILED("validation_failed", false),
    UNAUTHORIZED("unauthorized", false),
    NOT_FOUND("not_found", false),
    IDENTITY_EXISTS("identity_exists", false),
    /** A purge of the tenant is queued or running, or a purge could not drain in-flight writes. */
    TENANT_WRITE_CONFLICT("tenant_write_conflict", true),
    STACK_EXISTS("stack_exists", false),
    STACK_DELETING("stack_deleting", false),
    ENV_TOO_LARGE("env_too_large", false),
    /** A row lock was not granted within its bound. */
    LOCK_TIMEOUT("lock_timeout", true),
    /**
     * The database is unreachable, no connection was free in time, a statement was cancelled, or the
     * connection broke before the commit was sent; nothing was written.
     */
    STORAGE_UNAVAILABLE("storage_unavailable", true),
    /**
     * The connection broke after the commit was sent: the write may or may not have happened. A
     * retry with the same {@code Idempotency-Key} finds out.
     */
    OUTCOME_UNKNOWN("outcome_unknown", true),
    /** A request with the same {@code Idempotency-Key} (same tenant and API key) is still running. */
    REQUEST_IN_PROGRESS("request_in_progress", true),
    /** An {@code Idempotency-Key} already used with a different request (method, path or body). */
    IDEMPOTENCY_KEY_REUSED("idempotency_key_reused", false);

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
