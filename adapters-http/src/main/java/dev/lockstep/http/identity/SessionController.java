package dev.lockstep.http.identity;

import dev.lockstep.application.identity.CreateSession;
import dev.lockstep.application.identity.RevokeAllSessions;
import dev.lockstep.application.identity.RevokeSession;
import dev.lockstep.domain.TenantId;
import dev.lockstep.http.identity.IdentityViews.Revoked;
import dev.lockstep.http.identity.IdentityViews.SessionCreated;
import dev.lockstep.http.support.ApiAnswers;
import dev.lockstep.http.support.ApiKeyAnswers;
import dev.lockstep.http.support.IdempotentRequests;
import dev.lockstep.http.support.IdempotentWrite;
import dev.lockstep.http.support.Problems;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Sessions of an identity: create (token shown once), revoke one, revoke all.
 *
 * <p>Before a route here runs, the filter {@link dev.lockstep.http.support.RequestGuard} has
 * checked the API key and the path's tenant, and it makes the {@code TenantId} argument; an
 * exception a route lets out is answered by {@link dev.lockstep.http.support.ProblemHandler}.
 */
@Controller("/v1/tenants/{tenantId}/identities/{ref}/sessions")
@Tag(name = "Sessions")
@ApiKeyAnswers
public class SessionController {
    private final CreateSession create;
    private final RevokeSession revoke;
    private final RevokeAllSessions revokeAll;
    private final IdempotentRequests idempotent;

    public SessionController(
            CreateSession create, RevokeSession revoke, RevokeAllSessions revokeAll, IdempotentRequests idempotent) {
        this.idempotent = idempotent;
        this.create = create;
        this.revoke = revoke;
        this.revokeAll = revokeAll;
    }

    @Operation(
            operationId = "createSession",
            summary = "Start a session; the refresh token is in this answer only and stored as its SHA-256")
    @Post
    @IdempotentWrite
    @ApiResponse(
            responseCode = "201",
            description = "The new session; a replayed answer has no refreshToken",
            headers = @Header(name = IdempotentRequests.REPLAYED_HEADER, ref = ApiAnswers.REPLAYED_HEADER),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SessionCreated.class)))
    @ApiResponse(responseCode = "404", ref = ApiAnswers.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiAnswers.KEYED_WRITE_CONFLICT)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.WRITE_UNAVAILABLE)
    @Status(HttpStatus.CREATED)
    public HttpResponse<?> create(HttpRequest<?> request, TenantId tenantId, String ref) {
        // the stored answer leaves the refresh token out: no secret is kept in clear
        return idempotent.answer(
                request,
                tenantId,
                null,
                (CreateSession.Created c) ->
                        SessionCreated.of(c, c.refreshToken().reveal()),
                (CreateSession.Created c) -> SessionCreated.of(c, null),
                key -> create.create(tenantId, ref, key));
    }

    @Operation(operationId = "revokeSession", summary = "Revoke one session (404 when it is already gone)")
    @Delete("/{sessionId}")
    @Status(HttpStatus.NO_CONTENT)
    // no body: a client that accepts only problem+json (what the document lists) must not get a 406
    @Produces({MediaType.APPLICATION_JSON, Problems.PROBLEM_JSON_TYPE})
    @ApiResponse(responseCode = "404", ref = ApiAnswers.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiAnswers.WRITE_CONFLICT)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.WRITE_UNAVAILABLE)
    public void revoke(TenantId tenantId, String ref, String sessionId) {
        revoke.revoke(tenantId, ref, sessionId);
    }

    @Operation(
            operationId = "revokeAllSessions",
            summary = "Revoke every session of the identity, as after a credential change")
    @Delete
    @ApiResponse(responseCode = "404", ref = ApiAnswers.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiAnswers.WRITE_CONFLICT)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.WRITE_UNAVAILABLE)
    public Revoked revokeAll(TenantId tenantId, String ref) {
        return new Revoked(revokeAll.revokeAll(tenantId, ref));
    }
}
