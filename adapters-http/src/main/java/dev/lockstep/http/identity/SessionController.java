package dev.lockstep.http.identity;

import dev.lockstep.application.identity.CreateSession;
import dev.lockstep.application.identity.RevokeAllSessions;
import dev.lockstep.application.identity.RevokeSession;
import dev.lockstep.domain.TenantId;
import dev.lockstep.http.identity.IdentityViews.Revoked;
import dev.lockstep.http.identity.IdentityViews.SessionCreated;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;

/** Sessions of an identity: create (token shown once), revoke one, revoke all. */
@Controller("/v1/tenants/{tenantId}/identities/{ref}/sessions")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SessionController {
    private final CreateSession create;
    private final RevokeSession revoke;
    private final RevokeAllSessions revokeAll;

    public SessionController(CreateSession create, RevokeSession revoke, RevokeAllSessions revokeAll) {
        this.create = create;
        this.revoke = revoke;
        this.revokeAll = revokeAll;
    }

    @Operation(summary = "Start a session; the refresh token is in this answer only and stored as its SHA-256")
    @Post
    public HttpResponse<SessionCreated> create(TenantId tenantId, String ref) {
        CreateSession.Created created = create.create(tenantId, ref);
        return HttpResponse.created(new SessionCreated(
                created.session().id().toString(),
                created.refreshToken().reveal(),
                created.session().createdAt()));
    }

    @Operation(summary = "Revoke one session (404 when it is already gone)")
    @Delete("/{sessionId}")
    @Status(HttpStatus.NO_CONTENT)
    public void revoke(TenantId tenantId, String ref, String sessionId) {
        revoke.revoke(tenantId, ref, sessionId);
    }

    @Operation(summary = "Revoke every session of the identity, as after a credential change")
    @Delete
    public Revoked revokeAll(TenantId tenantId, String ref) {
        return new Revoked(revokeAll.revokeAll(tenantId, ref));
    }
}
