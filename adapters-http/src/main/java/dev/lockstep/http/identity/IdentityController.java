package dev.lockstep.http.identity;

import dev.lockstep.application.identity.CreateIdentity;
import dev.lockstep.application.identity.DeleteIdentity;
import dev.lockstep.application.identity.GetIdentity;
import dev.lockstep.application.identity.ListIdentities;
import dev.lockstep.application.identity.UpdateIdentity;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.http.identity.IdentityViews.CreateIdentityBody;
import dev.lockstep.http.identity.IdentityViews.IdentityPage;
import dev.lockstep.http.identity.IdentityViews.IdentityView;
import dev.lockstep.http.identity.IdentityViews.RatelimitBody;
import dev.lockstep.http.identity.IdentityViews.UpdateIdentityBody;
import dev.lockstep.http.support.AnswersLocation;
import dev.lockstep.http.support.ApiAnswers;
import dev.lockstep.http.support.ApiKeyAnswers;
import dev.lockstep.http.support.IdempotentRequests;
import dev.lockstep.http.support.IdempotentWrite;
import dev.lockstep.http.support.Problems;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code /v1/tenants/{tenantId}/identities}: thin — decode, call one use case, encode.
 *
 * <p>Before a route here runs, the filter {@link dev.lockstep.http.support.RequestGuard} has
 * checked the API key and the path's tenant, and it makes the {@code TenantId} argument; an
 * exception a route lets out is answered by {@link dev.lockstep.http.support.ProblemHandler}.
 */
@Controller("/v1/tenants/{tenantId}/identities")
@Tag(name = "Identities")
@ApiKeyAnswers
public class IdentityController {
    private final CreateIdentity create;
    private final GetIdentity get;
    private final ListIdentities list;
    private final UpdateIdentity update;
    private final DeleteIdentity delete;
    private final IdempotentRequests idempotent;

    public IdentityController(
            CreateIdentity create,
            GetIdentity get,
            ListIdentities list,
            UpdateIdentity update,
            DeleteIdentity delete,
            IdempotentRequests idempotent) {
        this.idempotent = idempotent;
        this.create = create;
        this.get = get;
        this.list = list;
        this.update = update;
        this.delete = delete;
    }

    @Operation(
            operationId = "createIdentity",
            summary = "Create an identity (409 identity_exists when an active one has the externalId)")
    @Post
    @IdempotentWrite
    @ApiResponse(
            responseCode = "201",
            description = "The identity",
            headers = {
                @Header(
                        name = HttpHeaders.LOCATION,
                        description = ApiAnswers.LOCATION_DOC,
                        schema = @Schema(type = "string")),
                @Header(name = IdempotentRequests.REPLAYED_HEADER, ref = ApiAnswers.REPLAYED_HEADER)
            },
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = IdentityView.class)))
    @ApiResponse(responseCode = "409", ref = ApiAnswers.IDENTITY_CONFLICT)
    @ApiResponse(responseCode = "413", ref = ApiAnswers.PAYLOAD_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiAnswers.UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.WRITE_UNAVAILABLE)
    @Status(HttpStatus.CREATED)
    @AnswersLocation
    public HttpResponse<?> create(HttpRequest<?> request, TenantId tenantId, @Body CreateIdentityBody body) {
        var command =
                new CreateIdentity.Command(body.externalId(), body.meta(), RatelimitBody.inputs(body.ratelimits()));
        return idempotent.answer(
                request, tenantId, body, IdentityView::of, key -> create.create(tenantId, command, key));
    }

    @Operation(
            operationId = "getIdentity",
            summary = "An identity by id or externalId (an id match wins), with its ratelimits, read in one statement")
    @Get("/{ref}")
    @ApiResponse(responseCode = "404", ref = ApiAnswers.NOT_FOUND)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.READ_UNAVAILABLE)
    public IdentityView get(TenantId tenantId, String ref) {
        return IdentityView.of(get.get(tenantId, ref));
    }

    @Operation(operationId = "listIdentities", summary = "Active identities ordered by id")
    @Get
    @ApiResponse(responseCode = "503", ref = ApiAnswers.READ_UNAVAILABLE)
    public IdentityPage list(
            TenantId tenantId, @Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor) {
        Page<Identity> page = list.list(tenantId, PageRequest.of(limit, cursor));
        return new IdentityPage(page.items().stream().map(IdentityView::of).toList(), page.nextCursor());
    }

    @Operation(
            operationId = "updateIdentity",
            summary = "Replace meta and/or the ratelimit set (named entries upserted, the rest removed)")
    @Patch("/{ref}")
    @IdempotentWrite
    @ApiResponse(
            responseCode = "200",
            description = "The identity as it is after the change",
            headers = @Header(name = IdempotentRequests.REPLAYED_HEADER, ref = ApiAnswers.REPLAYED_HEADER),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = IdentityView.class)))
    @ApiResponse(responseCode = "404", ref = ApiAnswers.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiAnswers.KEYED_WRITE_CONFLICT)
    @ApiResponse(responseCode = "413", ref = ApiAnswers.PAYLOAD_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiAnswers.UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.WRITE_UNAVAILABLE)
    public HttpResponse<?> update(
            HttpRequest<?> request, TenantId tenantId, String ref, @Body UpdateIdentityBody body) {
        var command = new UpdateIdentity.Command(body.meta(), RatelimitBody.inputs(body.ratelimits()));
        return idempotent.answer(
                request, tenantId, body, IdentityView::of, key -> update.update(tenantId, ref, command, key));
    }

    @Operation(
            operationId = "deleteIdentity",
            summary = "Soft-delete an identity and revoke its sessions (one deleted generation kept per externalId)")
    @Delete("/{ref}")
    @Status(HttpStatus.NO_CONTENT)
    // no body: a client that accepts only problem+json (what the document lists) must not get a 406
    @Produces({MediaType.APPLICATION_JSON, Problems.PROBLEM_JSON_TYPE})
    @ApiResponse(responseCode = "404", ref = ApiAnswers.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiAnswers.WRITE_CONFLICT)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.WRITE_UNAVAILABLE)
    public void delete(TenantId tenantId, String ref) {
        delete.delete(tenantId, ref);
    }
}
