package dev.lockstep.domain;

import java.util.List;
import java.util.Objects;

/**
 * An expected outcome that is not a success: not found, a conflict, a cap, a bounded wait that ran
 * out. It carries the contract's {@link ErrorCode}; the HTTP adapter turns it into problem+json in
 * one place. Never used for bugs.
 */
public final class DomainException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final List<FieldError> errors;

    public DomainException(ErrorCode code, String detail) {
        this(code, detail, List.of(), null);
    }

    public DomainException(ErrorCode code, String detail, List<FieldError> errors, Throwable cause) {
        super(detail, cause, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.errors = List.copyOf(errors);
    }

    public ErrorCode code() {
        return code;
    }

    /** Field-level reasons; non-empty only for {@link ErrorCode#VALIDATION_FAILED}. */
    public List<FieldError> errors() {
        return errors;
    }

    public static DomainException validation(String field, String message) {
        return new DomainException(
                ErrorCode.VALIDATION_FAILED, field + ": " + message, List.of(new FieldError(field, message)), null);
    }

    public static DomainException validation(List<FieldError> errors) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, "request is invalid", errors, null);
    }

    public static DomainException notFound(String what) {
        return new DomainException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static DomainException tenantWriteConflict(TenantId tenant) {
        return new DomainException(
                ErrorCode.TENANT_WRITE_CONFLICT,
                "tenant data purge in progress for tenant " + tenant.value() + "; retry later");
    }

    public static DomainException purgeCouldNotDrain(TenantId tenant) {
        return new DomainException(
                ErrorCode.TENANT_WRITE_CONFLICT,
                "purge of tenant " + tenant.value() + " could not drain in-flight writes in time; retry later");
    }

    public static DomainException lockTimeout(String what) {
        return new DomainException(ErrorCode.LOCK_TIMEOUT, "lock on " + what + " was not granted in time; retry later");
    }

    public static DomainException storageUnavailable(Throwable cause) {
        return new DomainException(
                ErrorCode.STORAGE_UNAVAILABLE,
                "storage is unavailable; nothing was written; retry later",
                List.of(),
                cause);
    }

    public static DomainException outcomeUnknown(Throwable cause) {
        return new DomainException(
                ErrorCode.OUTCOME_UNKNOWN,
                "the connection to the storage broke after the commit was sent: the write may or may not"
                        + " have happened; retry with the same Idempotency-Key to find out",
                List.of(),
                cause);
    }

    public static DomainException requestInProgress() {
        return new DomainException(
                ErrorCode.REQUEST_IN_PROGRESS,
                "a request with this Idempotency-Key is still running; retry later to get its answer");
    }

    public static DomainException idempotencyKeyReused() {
        return new DomainException(
                ErrorCode.IDEMPOTENCY_KEY_REUSED,
                "this Idempotency-Key was already used with a different request (method, path or body)");
    }
}
