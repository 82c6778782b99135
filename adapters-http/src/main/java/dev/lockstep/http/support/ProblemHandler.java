package dev.lockstep.http.support;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.FieldError;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.netty.handler.codec.compression.DecompressionException;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every exception a route or a filter of ours lets out becomes its problem+json answer here
 * (Micronaut hands it over; no code calls this):
 *
 * <ul>
 *   <li>an expected outcome of the domain ({@link DomainException}: a conflict, a timeout, a
 *       validation) carries its code; it is the design working, not a failure, so it is logged at
 *       debug, and a storage failure at warn, never as an error;
 *   <li>a refusal only HTTP makes ({@link HttpProblemException}) carries its code;
 *   <li>a body whose {@code Content-Encoding} (gzip, deflate, …) does not match it is the client's
 *       mistake: 400 {@code validation_failed}, not the 500 Netty's decoder failure would become;
 *   <li>anything else is a bug: the one case that answers 500 {@code internal}, logged here once with
 *       the request id the answer carries, so the log line and the client's problem can be matched;
 *       the answer never shows the exception.
 * </ul>
 *
 * Micronaut's own exceptions (a body or parameter it could not bind, a route it has no match for)
 * keep its own handlers, which are more specific than this one, and reach {@link
 * ProblemErrorResponseProcessor}.
 */
@Produces
@Singleton
public final class ProblemHandler implements ExceptionHandler<Exception, HttpResponse<?>> {
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private final Problems problems;

    public ProblemHandler(Problems problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, Exception e) {
        if (e instanceof DomainException expected) {
            return expected(request, expected);
        }
        if (e instanceof HttpProblemException refused) {
            return problems.response(request, refused.code(), refused.getMessage());
        }
        if (e instanceof DecompressionException) {
            String message = "is not encoded as its Content-Encoding header says";
            return problems.response(
                    request, ErrorCode.VALIDATION_FAILED, "body " + message, List.of(new FieldError("body", message)));
        }
        String requestId = RequestIds.of(request);
        log.error("request {} {} {}: internal error", requestId, request.getMethod(), request.getPath(), e);
        return problems.response(
                request, HttpErrorCode.INTERNAL, "internal error; see the server log for request " + requestId);
    }

    private HttpResponse<?> expected(HttpRequest<?> request, DomainException e) {
        if (e.code() == ErrorCode.STORAGE_UNAVAILABLE) {
            log.warn(
                    "request {} {}: storage unavailable: {}",
                    RequestIds.of(request),
                    request.getPath(),
                    String.valueOf(e.getCause()));
        } else if (log.isDebugEnabled()) {
            log.debug(
                    "request {} {}: {} {}",
                    RequestIds.of(request),
                    request.getPath(),
                    e.code().code(),
                    e.getMessage());
        }
        return problems.response(request, e.code(), e.getMessage(), e.errors());
    }
}
