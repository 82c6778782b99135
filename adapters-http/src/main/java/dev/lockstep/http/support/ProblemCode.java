package dev.lockstep.http.support;

import dev.lockstep.domain.ErrorCode;
import io.micronaut.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * One code of the contract as HTTP answers it: the wire code, its status and whether a client may
 * retry. Codes come from the domain ({@link ErrorCode}) or from HTTP alone ({@link HttpErrorCode});
 * this is where both meet, so the status of every code is decided here once.
 */
public record ProblemCode(String code, HttpStatus status, boolean retryable) {

    public static ProblemCode of(ErrorCode code) {
        return new ProblemCode(code.code(), status(code), code.retryable());
    }

    public static ProblemCode of(HttpErrorCode code) {
        return new ProblemCode(code.code(), code.status(), false);
    }

    private static HttpStatus status(ErrorCode code) {
        return switch (code) {
            case VALIDATION_FAILED -> HttpStatus.BAD_REQUEST;
            case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case IDENTITY_EXISTS, TENANT_WRITE_CONFLICT, STACK_EXISTS, STACK_DELETING, REQUEST_IN_PROGRESS -> HttpStatus
                    .CONFLICT;
            case IDEMPOTENCY_KEY_REUSED -> HttpStatus.UNPROCESSABLE_ENTITY;
            case ENV_TOO_LARGE -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
            case LOCK_TIMEOUT, STORAGE_UNAVAILABLE, OUTCOME_UNKNOWN -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    /** Every code the API can answer with. */
    public static List<ProblemCode> all() {
        List<ProblemCode> all = new ArrayList<>();
        for (ErrorCode c : ErrorCode.values()) {
            all.add(of(c));
        }
        for (HttpErrorCode c : HttpErrorCode.values()) {
            all.add(of(c));
        }
        return List.copyOf(all);
    }

    /** The relative type URI: {@code /problems/tenant-write-conflict}. */
    public String type() {
        return "/problems/" + code.replace('_', '-');
    }
}
