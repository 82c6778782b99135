package dev.lockstep.http.support;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * In the OpenAPI document, what every operation of the marked controller shares because it is
 * behind the API key: the {@code apiKey} security requirement and the answers 400 (a bad path,
 * query or body), 401 (no or unknown key) and 403 (a tenant outside the key's scope, or an admin
 * route). Each operation lists only its own answers besides these.
 *
 * <p>Documentation only: {@link RequestGuard} checks the key on every {@code /v1/**} route but the
 * two public ones, marked or not, so a controller that forgot the mark would still be closed (and
 * the authorization matrix, which reads the document, would fail on it).
 */
@Documented
@Retention(RUNTIME)
@Target(TYPE)
@SecurityRequirement(name = ApiAnswers.API_KEY)
@ApiResponse(responseCode = "400", ref = ApiAnswers.BAD_REQUEST)
@ApiResponse(responseCode = "401", ref = ApiAnswers.UNAUTHORIZED)
@ApiResponse(responseCode = "403", ref = ApiAnswers.FORBIDDEN)
public @interface ApiKeyAnswers {}
