package dev.lockstep.http.support;

import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.FieldError;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that owns the error format: RFC 9457 problem+json with the contract's members
 * ({@code code}, {@code requestId}, {@code retryable}, {@code errors}) at the top level, and
 * {@code Retry-After} on retryable answers. Also counts every problem by code for {@code /metrics}.
 */
@Singleton
public final class Problems {
    public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");
    /** Seconds a client should wait before retrying a retryable answer. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final MeterRegistry meters;

    public Problems(MeterRegistry meters) {
        this.meters = meters;
    }

    public MutableHttpResponse<Map<String, Object>> response(
            HttpRequest<?> request, ErrorCode code, String detail, List<FieldError> errors) {
        return response(request, ProblemCode.of(code), detail, errors);
    }

    public MutableHttpResponse<Map<String, Object>> response(HttpRequest<?> request, ErrorCode code, String detail) {
        return response(request, ProblemCode.of(code), detail, List.of());
    }

    public MutableHttpResponse<Map<String, Object>> response(
            HttpRequest<?> request, HttpErrorCode code, String detail) {
        return response(request, ProblemCode.of(code), detail, List.of());
    }

    public MutableHttpResponse<Map<String, Object>> response(
            HttpRequest<?> request, ProblemCode code, String detail, List<FieldError> errors) {
        HttpStatus status = code.status();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", code.type());
        body.put("title", status.getReason());
        body.put("status", status.getCode());
        body.put("detail", detail);
        body.put("instance", request == null ? null : request.getPath());
        body.put("code", code.code());
        body.put("requestId", RequestIds.of(request));
        body.put("retryable", code.retryable());
        if (!errors.isEmpty()) {
            List<Map<String, String>> list = errors.stream()
                    .map(e -> Map.of("field", e.field(), "message", e.message()))
                    .toList();
            body.put("errors", list);
        }
        MutableHttpResponse<Map<String, Object>> response =
                HttpResponse.<Map<String, Object>>status(status).body(body);
        response.contentType(PROBLEM_JSON);
        if (code.retryable()) {
            response.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        meters.counter("lockstep.problems", "code", code.code()).increment();
        return response;
    }
}
