package dev.lockstep.http.support;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What no other handler claims is a bug: the one case that answers 500 {@code internal}. It is
 * logged here, once, with the request id the answer carries, so the log line and the client's
 * problem can be matched; the answer never shows the exception. Micronaut prefers the handler of the
 * most specific exception type, so the domain's, the framework's and HTTP's own outcomes never come
 * here.
 */
@Produces
@Singleton
public final class InternalErrorHandler implements ExceptionHandler<Exception, HttpResponse<?>> {
    private static final Logger log = LoggerFactory.getLogger(InternalErrorHandler.class);
    private final Problems problems;

    public InternalErrorHandler(Problems problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, Exception e) {
        String requestId = RequestIds.of(request);
        log.error("request {} {} {}: internal error", requestId, request.getMethod(), request.getPath(), e);
        return problems.response(
                request, HttpErrorCode.INTERNAL, "internal error; see the server log for request " + requestId);
    }
}
