package dev.lockstep.http.support;

import java.util.Objects;

/** A refusal only the HTTP adapter makes (see {@link HttpErrorCode}); answered by {@link Problems}. */
public final class HttpProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final HttpErrorCode code;

    public HttpProblemException(HttpErrorCode code, String detail) {
        super(detail, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    public HttpErrorCode code() {
        return code;
    }
}
