package dev.lockstep.http.support;

import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.FieldError;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.netty.handler.codec.compression.DecompressionException;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * A body whose {@code Content-Encoding} (gzip, deflate, …) does not match it cannot be read: the
 * client's mistake, so a 400 {@code validation_failed}, not the 500 Netty's decoder failure would
 * otherwise become.
 */
@Produces
@Singleton
public final class EncodingMismatchHandler implements ExceptionHandler<DecompressionException, HttpResponse<?>> {
    private final Problems problems;

    public EncodingMismatchHandler(Problems problems) {
        this.problems = problems;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, DecompressionException e) {
        String message = "is not encoded as its Content-Encoding header says";
        return problems.response(
                request, ErrorCode.VALIDATION_FAILED, "body " + message, List.of(new FieldError("body", message)));
    }
}
