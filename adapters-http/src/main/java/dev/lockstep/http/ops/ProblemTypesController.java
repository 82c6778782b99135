package dev.lockstep.http.ops;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.http.support.Problems;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.EnumMap;
import java.util.Map;

/** {@code GET /problems/{type}}: what each problem {@code type} URI means and what to do about it. */
@Controller("/problems")
@Hidden
public class ProblemTypesController {
  private static final Map<ErrorCode, String> EXPLANATIONS = new EnumMap<>(ErrorCode.class);

  static {
    EXPLANATIONS.put(ErrorCode.VALIDATION_FAILED, "The request is malformed: bad JSON, an unknown field, a bad id, slug or key format, or a value out of range. `errors[]` lists each field and why. Fix the request; retrying it unchanged fails again.");
    EXPLANATIONS.put(ErrorCode.UNAUTHORIZED, "No API key, an unknown API key, or (for the IdP webhook) a missing, wrong or stale signature, or (for sign-out) an unknown or already revoked refresh token.");
    EXPLANATIONS.put(ErrorCode.FORBIDDEN, "The API key may not act on this tenant, or the route needs an admin key. The answer is the same whether or not the resource exists.");
    EXPLANATIONS.put(ErrorCode.NOT_FOUND, "The resource does not exist, or no longer exists, for this tenant.");
    EXPLANATIONS.put(ErrorCode.IDENTITY_EXISTS, "An active identity with this externalId already exists in the tenant.");
    EXPLANATIONS.put(ErrorCode.TENANT_WRITE_CONFLICT, "A data purge of this tenant is queued or running, so the write was refused before it changed anything; or a purge could not drain in-flight writes in time. Retry after `Retry-After` seconds.");
    EXPLANATIONS.put(ErrorCode.STACK_EXISTS, "A stack with this slug already exists in the tenant.");
    EXPLANATIONS.put(ErrorCode.STACK_DELETING, "The stack is being torn down; its env can no longer change.");
    EXPLANATIONS.put(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is over the limit (1 MiB by default).");
    EXPLANATIONS.put(ErrorCode.ENV_TOO_LARGE, "The merged env, serialized as JSON, would exceed 65,536 bytes. Nothing was written.");
    EXPLANATIONS.put(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The body is not JSON. Send `Content-Type: application/json`.");
    EXPLANATIONS.put(ErrorCode.LOCK_TIMEOUT, "A row lock was not granted within its bound because another write holds it. Nothing was written. Retry after `Retry-After` seconds.");
    EXPLANATIONS.put(ErrorCode.STORAGE_UNAVAILABLE, "The database is unreachable or the connection broke mid-request; nothing was written. Retry after `Retry-After` seconds.");
    EXPLANATIONS.put(ErrorCode.IDP_SYNC_NOT_CONFIGURED, "The identity provider webhook secret (`lockstep.idp.webhook-secret`) is not configured on this server.");
    EXPLANATIONS.put(ErrorCode.INTERNAL, "A bug. Never expected; the server log has the details under the answer's `requestId`.");
  }

  @Get("/{type}")
  @Produces(MediaType.TEXT_MARKDOWN)
  public String explain(String type) {
    for (ErrorCode code : ErrorCode.values()) {
      if (Problems.type(code).equals("/problems/" + type)) {
        return "# " + code.code() + " (HTTP " + Problems.status(code).getCode() + ")\n\n" + EXPLANATIONS.get(code)
            + (code.retryable() ? "\n\nRetryable: yes.\n" : "\n\nRetryable: no.\n");
      }
    }
    throw DomainException.notFound("problem type " + type);
  }
}
