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

  public static HttpStatus status(ErrorCode code) {
    return switch (code) {
      case VALIDATION_FAILED -> HttpStatus.BAD_REQUEST;
      case UNAUTHORIZED -> HttpStatus.UNAUTHORIZED;
      case FORBIDDEN -> HttpStatus.FORBIDDEN;
      case NOT_FOUND -> HttpStatus.NOT_FOUND;
      case IDENTITY_EXISTS, TENANT_WRITE_CONFLICT, STACK_EXISTS, STACK_DELETING -> HttpStatus.CONFLICT;
      case PAYLOAD_TOO_LARGE, ENV_TOO_LARGE -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
      case UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
      case LOCK_TIMEOUT, STORAGE_UNAVAILABLE, IDP_SYNC_NOT_CONFIGURED -> HttpStatus.SERVICE_UNAVAILABLE;
      case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
    };
  }

  /** The relative type URI of a code: {@code /problems/tenant-write-conflict}. */
  public static String type(ErrorCode code) {
    return "/problems/" + code.code().replace('_', '-');
  }

  public MutableHttpResponse<Map<String, Object>> response(
      HttpRequest<?> request, ErrorCode code, String detail, List<FieldError> errors) {
    HttpStatus status = status(code);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type(code));
    body.put("title", status.getReason());
    body.put("status", status.getCode());
    body.put("detail", detail);
    body.put("instance", request == null ? null : request.getPath());
    body.put("code", code.code());
    body.put("requestId", RequestIds.of(request));
    body.put("retryable", code.retryable());
    if (!errors.isEmpty()) {
      List<Map<String, String>> list =
          errors.stream().map(e -> Map.of("field", e.field(), "message", e.message())).toList();
      body.put("errors", list);
    }
    MutableHttpResponse<Map<String, Object>> response = HttpResponse.<Map<String, Object>>status(status).body(body);
    response.contentType(PROBLEM_JSON);
    if (code.retryable()) {
      response.header("Retry-After", RETRY_AFTER_SECONDS);
    }
    meters.counter("lockstep.problems", "code", code.code()).increment();
    return response;
  }

  public MutableHttpResponse<Map<String, Object>> response(HttpRequest<?> request, ErrorCode code, String detail) {
    return response(request, code, detail, List.of());
  }
}
