package dev.lockstep.http.ops;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.http.support.HttpErrorCode;
import dev.lockstep.http.support.ProblemCode;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.HashMap;
import java.util.Map;

/** {@code GET /problems/{type}}: what each problem {@code type} URI means and what to do about it. */
@Controller("/problems")
@Hidden
public class ProblemTypesController {
    private static final Map<String, String> EXPLANATIONS = new HashMap<>();

    static {
        EXPLANATIONS.put(
                ErrorCode.VALIDATION_FAILED.code(),
                "The request is malformed: bad JSON, an unknown field, a bad id, slug or key format, or a value out of range. `errors[]` lists each field and why. Fix the request; retrying it unchanged fails again.");
        EXPLANATIONS.put(
                ErrorCode.UNAUTHORIZED.code(),
                "No API key, an unknown API key, or (for the IdP webhook) a missing, wrong or stale signature, or (for sign-out) an unknown or already revoked refresh token.");
        EXPLANATIONS.put(
                HttpErrorCode.FORBIDDEN.code(),
                "The API key may not act on this tenant, or the route needs an admin key. The answer is the same whether or not the resource exists.");
        EXPLANATIONS.put(
                ErrorCode.NOT_FOUND.code(), "The resource does not exist, or no longer exists, for this tenant.");
        EXPLANATIONS.put(
                ErrorCode.IDENTITY_EXISTS.code(),
                "An active identity with this externalId already exists in the tenant.");
        EXPLANATIONS.put(
                ErrorCode.TENANT_WRITE_CONFLICT.code(),
                "A data purge of this tenant is queued or running, so the write was refused before it changed anything; or a purge could not drain in-flight writes in time. Retry after `Retry-After` seconds.");
        EXPLANATIONS.put(ErrorCode.STACK_EXISTS.code(), "A stack with this slug already exists in the tenant.");
        EXPLANATIONS.put(
                ErrorCode.STACK_DELETING.code(), "The stack is being torn down; its env can no longer change.");
        EXPLANATIONS.put(
                HttpErrorCode.PAYLOAD_TOO_LARGE.code(), "The request body is over the limit (1 MiB by default).");
        EXPLANATIONS.put(
                ErrorCode.ENV_TOO_LARGE.code(),
                "The merged env, serialized as JSON, would exceed 65,536 bytes. Nothing was written.");
        EXPLANATIONS.put(
                HttpErrorCode.UNSUPPORTED_MEDIA_TYPE.code(),
                "The body is not JSON. Send `Content-Type: application/json`.");
        EXPLANATIONS.put(
                ErrorCode.LOCK_TIMEOUT.code(),
                "A row lock was not granted within its bound because another write holds it. Nothing was written. Retry after `Retry-After` seconds.");
        EXPLANATIONS.put(
                ErrorCode.STORAGE_UNAVAILABLE.code(),
                "The database is unreachable, no connection was free within `lockstep.storage.connection-wait`, a statement was cancelled, or the connection broke before anything was committed; nothing was written. Retry after `Retry-After` seconds.");
        EXPLANATIONS.put(
                ErrorCode.OUTCOME_UNKNOWN.code(),
                "The connection to the database broke after the commit was sent: the write may or may not have happened. Retry with the same `Idempotency-Key` to find out. Retry after `Retry-After` seconds.");
        EXPLANATIONS.put(
                ErrorCode.REQUEST_IN_PROGRESS.code(),
                "A request with the same `Idempotency-Key` (same tenant and API key) is still running. Retry after `Retry-After` seconds to get its answer.");
        EXPLANATIONS.put(
                ErrorCode.IDEMPOTENCY_KEY_REUSED.code(),
                "This `Idempotency-Key` was already used, by the same API key on the same tenant, with a different request (method, path or body). Use a new key for a new request.");
        EXPLANATIONS.put(
                HttpErrorCode.METHOD_NOT_ALLOWED.code(),
                "The route exists but not with this method; the `Allow` header lists the methods it has.");
        EXPLANATIONS.put(HttpErrorCode.URI_TOO_LONG.code(), "The request line is over the server's limit.");
        EXPLANATIONS.put(HttpErrorCode.HEADERS_TOO_LARGE.code(), "The request headers are over the server's limit.");
        EXPLANATIONS.put(
                HttpErrorCode.IDP_SYNC_NOT_CONFIGURED.code(),
                "The identity provider webhook secret (`lockstep.idp.webhook-secret`) is not configured on this server.");
        EXPLANATIONS.put(
                HttpErrorCode.INTERNAL.code(),
                "A bug. Never expected; the server log has the details under the answer's `requestId`.");
    }

    @Get("/{type}")
    @Produces(MediaType.TEXT_MARKDOWN)
    public String explain(String type) {
        for (ProblemCode code : ProblemCode.all()) {
            if (code.type().equals("/problems/" + type)) {
                return "# " + code.code() + " (HTTP " + code.status().getCode() + ")\n\n"
                        + EXPLANATIONS.get(code.code())
                        + (code.retryable() ? "\n\nRetryable: yes.\n" : "\n\nRetryable: no.\n");
            }
        }
        throw DomainException.notFound("problem type " + type);
    }
}
