package dev.lockstep.http.support;

import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.FieldError;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteMatch;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that owns the error format: RFC 9457 problem+json with the contract's members
 * ({@code code}, {@code requestId}, {@code retryable}, {@code errors}) at the top level, and
 * {@code Retry-After} on retryable answers. Also counts every problem by code for {@code /metrics}.
 */
@Singleton
public final class Problems {
    public static final String PROBLEM_JSON_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.of(PROBLEM_JSON_TYPE);
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
                    .map(e -> Map.of("field", apiField(request, e.field()), "message", e.message()))
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
        if (LockstepMeters.isConflict(code)) {
            LockstepMeters.conflicts(meters, code.code()).increment();
        }
        if (code.status() == HttpStatus.SERVICE_UNAVAILABLE
                && code.retryable()
                && !code.code().equals(ErrorCode.LOCK_TIMEOUT.code())) {
            LockstepMeters.storageFailures(meters, code.code()).increment();
        }
        return response;
    }

    /**
     * API.md: a field is the name of a path, query or header parameter, or else a JSON pointer into the
     * body.
     * Rules below HTTP name body fields as paths ({@code ratelimits[0].name}); this turns them into
     * pointers ({@code /ratelimits/0/name}).
     */
    static String apiField(HttpRequest<?> request, String field) {
        if (field.isEmpty() || field.startsWith("/")) {
            return field;
        }
        if (field.equals("body")) {
            return ""; // the whole body
        }
        String head = field.split("[.\\[]", 2)[0];
        if (request != null && isParameter(request, head)) {
            return field;
        }
        StringBuilder pointer = new StringBuilder();
        for (String step : field.replace("]", "").split("[.\\[]")) {
            pointer.append('/').append(step.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    private static boolean isParameter(HttpRequest<?> request, String name) {
        if (request.getParameters().contains(name) || request.getHeaders().contains(name)) {
            return true; // a query parameter, or a header parameter such as Idempotency-Key
        }
        Optional<RouteMatch<?>> route = RouteAttributes.getRouteMatch(request);
        if (route.isPresent() && route.get() instanceof UriRouteMatch<?, ?> match) {
            return match.getVariableValues().containsKey(name);
        }
        // no route matched (a filter refused the request first): only parameters can be at fault
        return request.getBody().isEmpty();
    }
}
