package dev.lockstep.http.support;

import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.FieldError;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every error answer Micronaut itself makes (no route, wrong method, malformed or unknown-field JSON,
 * a bad path or query value, a request line, headers or body over the limit, a non-JSON body) in the same problem+json
 * format as ours, through {@link Problems}. Nothing leaks a stack trace.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Map<String, Object>> {
    private final Problems problems;

    public ProblemErrorResponseProcessor(Problems problems) {
        this.problems = problems;
    }

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<Map<String, Object>> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        HttpStatus status = tooLongStatus(context.getRequest()).orElse(base.getStatus());
        ProblemCode code = codeFor(status);
        List<FieldError> errors = new ArrayList<>();
        String detail = null;
        Optional<FieldError> binding =
                code.equals(VALIDATION_FAILED) ? context.getRootCause().flatMap(BindingErrors::of) : Optional.empty();
        if (binding.isPresent()) {
            FieldError e = binding.get();
            errors.add(e);
            detail = (e.field().isEmpty() ? "the body" : e.field()) + " " + e.message();
        } else {
            for (Error e : context.getErrors()) {
                String message = e.getMessage();
                if (detail == null) {
                    detail = message;
                }
                if (code.equals(VALIDATION_FAILED)) {
                    errors.add(new FieldError(e.getPath().orElse(""), message));
                }
            }
        }
        if (code.equals(INTERNAL)) {
            detail = "internal error; see the server log for request " + RequestIds.of(context.getRequest());
        } else if (detail == null) {
            detail = status.getReason();
        }
        if (code.equals(VALIDATION_FAILED) && errors.isEmpty()) {
            errors.add(new FieldError("", detail));
        }
        MutableHttpResponse<Map<String, Object>> response =
                problems.response(context.getRequest(), code, sanitize(detail), errors);
        // keep headers Micronaut set for this status (e.g. Allow on 405)
        base.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> response.header(name, v));
            }
        });
        if (decoderFailed(context.getRequest())) {
            // the server drops a connection whose request it could not decode: say so, so a client
            // does not send its next request on a connection that is about to close
            response.header("Connection", "close");
        }
        if (status.getCode() != response.getStatus().getCode()) {
            response.status(status);
            ((Map<String, Object>) response.body()).put("status", status.getCode());
            ((Map<String, Object>) response.body()).put("title", status.getReason());
        }
        return response;
    }

    /**
     * Micronaut answers every request the decoder found too long with 413; the API tells the request
     * line (414) and the headers (431) apart from the body (413).
     */
    private static boolean decoderFailed(HttpRequest<?> request) {
        return request instanceof NettyHttpRequest<?> netty
                && netty.getNativeRequest().decoderResult().isFailure();
    }

    private static Optional<HttpStatus> tooLongStatus(HttpRequest<?> request) {
        if (request instanceof NettyHttpRequest<?> netty) {
            DecoderResult result = netty.getNativeRequest().decoderResult();
            if (result.isFailure() && result.cause() instanceof TooLongHttpLineException) {
                return Optional.of(HttpStatus.REQUEST_URI_TOO_LONG);
            }
            if (result.isFailure() && result.cause() instanceof TooLongHttpHeaderException) {
                return Optional.of(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
            }
        }
        return Optional.empty();
    }

    private static final ProblemCode VALIDATION_FAILED = ProblemCode.of(ErrorCode.VALIDATION_FAILED);
    private static final ProblemCode INTERNAL = ProblemCode.of(HttpErrorCode.INTERNAL);

    private static ProblemCode codeFor(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> VALIDATION_FAILED;
            case UNAUTHORIZED -> ProblemCode.of(ErrorCode.UNAUTHORIZED);
            case FORBIDDEN -> ProblemCode.of(HttpErrorCode.FORBIDDEN);
            case NOT_FOUND -> ProblemCode.of(ErrorCode.NOT_FOUND);
            case METHOD_NOT_ALLOWED -> ProblemCode.of(HttpErrorCode.METHOD_NOT_ALLOWED);
            case REQUEST_ENTITY_TOO_LARGE -> ProblemCode.of(HttpErrorCode.PAYLOAD_TOO_LARGE);
            case REQUEST_URI_TOO_LONG -> ProblemCode.of(HttpErrorCode.URI_TOO_LONG);
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> ProblemCode.of(HttpErrorCode.HEADERS_TOO_LARGE);
            case UNSUPPORTED_MEDIA_TYPE, NOT_ACCEPTABLE -> ProblemCode.of(HttpErrorCode.UNSUPPORTED_MEDIA_TYPE);
            case SERVICE_UNAVAILABLE -> ProblemCode.of(ErrorCode.STORAGE_UNAVAILABLE);
            default -> status.getCode() >= 500 ? INTERNAL : VALIDATION_FAILED;
        };
    }

    /** Parser messages can quote class names of our DTOs; keep the useful first line only. */
    private static String sanitize(String detail) {
        String line = detail.strip().lines().findFirst().orElse(detail);
        line = line.replaceAll("\\b(dev\\.lockstep|io\\.micronaut|java\\.lang)\\.[\\w.$]+", "value");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
