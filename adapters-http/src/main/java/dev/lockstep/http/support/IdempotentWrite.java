package dev.lockstep.http.support;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.lockstep.domain.idempotency.IdempotencyKey;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * In the OpenAPI document, what every write that takes an {@code Idempotency-Key} (API.md,
 * "Idempotency") shares: the header, declared once in {@code src/main/openapi/idempotency.yml}, and
 * the 422 of a key reused with another request. Its success answer names the {@code
 * Idempotent-Replayed} header ({@link ApiAnswers#REPLAYED_HEADER}). The route runs its use case
 * through {@link IdempotentRequests#answer}, which reads the header itself.
 */
@Documented
@Retention(RUNTIME)
@Target(METHOD)
@Parameter(name = IdempotencyKey.HEADER, in = ParameterIn.HEADER, ref = ApiAnswers.IDEMPOTENCY_KEY_PARAMETER)
@ApiResponse(responseCode = "422", ref = ApiAnswers.IDEMPOTENCY_KEY_REUSED)
public @interface IdempotentWrite {}
