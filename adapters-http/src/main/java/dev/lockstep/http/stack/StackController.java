package dev.lockstep.http.stack;

import dev.lockstep.application.stack.CreateStack;
import dev.lockstep.application.stack.DeleteStack;
import dev.lockstep.application.stack.GetStack;
import dev.lockstep.application.stack.ListStacks;
import dev.lockstep.application.stack.MergeStackEnv;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.stack.EnvMerge;
import dev.lockstep.domain.stack.Stack;
import dev.lockstep.http.support.ApiAnswers;
import dev.lockstep.http.support.ApiKeyAnswers;
import dev.lockstep.http.support.IdempotentRequests;
import dev.lockstep.http.support.IdempotentWrite;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Stacks of a tenant and their env (API.md, "Stacks and their environment").
 *
 * <p>Before a route here runs, the filter {@link dev.lockstep.http.support.RequestGuard} has
 * checked the API key and the path's tenant, and it makes the {@code TenantId} argument; an
 * exception a route lets out is answered by {@link dev.lockstep.http.support.ProblemHandler}.
 */
@Controller("/v1/tenants/{tenantId}/stacks")
@Tag(name = "Stacks")
@ApiKeyAnswers
public class StackController {
    private final CreateStack createStack;
    private final GetStack getStack;
    private final ListStacks listStacks;
    private final MergeStackEnv mergeStackEnv;
    private final DeleteStack deleteStack;
    private final IdempotentRequests idempotent;

    public StackController(
            CreateStack createStack,
            GetStack getStack,
            ListStacks listStacks,
            MergeStackEnv mergeStackEnv,
            DeleteStack deleteStack,
            IdempotentRequests idempotent) {
        this.idempotent = idempotent;
        this.createStack = createStack;
        this.getStack = getStack;
        this.listStacks = listStacks;
        this.mergeStackEnv = mergeStackEnv;
        this.deleteStack = deleteStack;
    }

    /** {@code env} values are strings; {@code null} or {@code ""} means "no such key". */
    @Serdeable
    @Schema(name = "CreateStack", example = "{\"slug\":\"web-prod\",\"env\":{\"LOG_LEVEL\":\"info\"}}")
    public record CreateStackRequest(
            @Nullable String slug,
            @Schema(ref = "#/components/schemas/EnvPatchValues") @Nullable Map<String, Object> env) {}

    /** {@code {"env": {"A": "1", "B": "", "C": null}}}: a non-empty string sets, {@code ""}/null deletes. */
    @Serdeable
    @Schema(name = "EnvPatch", example = "{\"env\":{\"A\":\"1\",\"B\":\"\",\"C\":null}}")
    public record EnvPatchRequest(
            @Schema(ref = "#/components/schemas/EnvPatchValues") @Nullable Map<String, Object> env) {}

    @Serdeable
    @Schema(name = "Stack")
    public record StackView(String slug, String status, Map<String, String> env, Instant createdAt, Instant updatedAt) {
        static StackView of(Stack s) {
            return new StackView(s.slug().value(), s.status().wireName(), s.env(), s.createdAt(), s.updatedAt());
        }
    }

    @Serdeable
    @Schema(name = "StackPage")
    public record StacksPage(List<StackView> items, @Nullable String nextCursor) {}

    @Serdeable
    @Schema(name = "EnvMerge")
    public record EnvMergeView(Map<String, String> env, int keysSet, int keysDeleted) {
        static EnvMergeView of(EnvMerge merge) {
            return new EnvMergeView(merge.env(), merge.keysSet(), merge.keysDeleted());
        }
    }

    @Operation(operationId = "createStack", summary = "Create a stack (409 stack_exists when the slug is taken)")
    @Post
    @Status(HttpStatus.CREATED)
    @IdempotentWrite
    @ApiResponse(
            responseCode = "201",
            description = "The new stack",
            headers = @Header(name = IdempotentRequests.REPLAYED_HEADER, ref = ApiAnswers.REPLAYED_HEADER),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = StackView.class)))
    @ApiResponse(responseCode = "409", ref = ApiAnswers.STACK_CONFLICT)
    @ApiResponse(responseCode = "413", ref = ApiAnswers.ENV_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiAnswers.UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.WRITE_UNAVAILABLE)
    public HttpResponse<?> create(HttpRequest<?> request, TenantId tenantId, @Body CreateStackRequest body) {
        if (body.slug() == null) {
            throw DomainException.validation("slug", "is required");
        }
        return idempotent.answer(
                request,
                tenantId,
                body,
                StackView::of,
                key -> createStack.create(tenantId, body.slug(), body.env(), key));
    }

    @Operation(operationId = "getStack", summary = "Read one stack (also while it is being torn down)")
    @Get("/{slug}")
    @ApiResponse(responseCode = "404", ref = ApiAnswers.NOT_FOUND)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.READ_UNAVAILABLE)
    public StackView get(TenantId tenantId, String slug) {
        return StackView.of(getStack.get(tenantId, slug));
    }

    @Operation(operationId = "listStacks", summary = "List the tenant's stacks in slug order")
    @Get
    @ApiResponse(responseCode = "503", ref = ApiAnswers.READ_UNAVAILABLE)
    public StacksPage list(
            TenantId tenantId, @Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor) {
        Page<Stack> page = listStacks.list(tenantId, PageRequest.of(limit, cursor));
        return new StacksPage(page.items().stream().map(StackView::of).toList(), page.nextCursor());
    }

    @Operation(
            operationId = "patchStackEnv",
            summary = "Merge into the stack's env under its row lock",
            description = "409 stack_deleting, 413 env_too_large, 503 lock_timeout (retryable)")
    @Patch("/{slug}/env")
    @IdempotentWrite
    @ApiResponse(
            responseCode = "200",
            description = "The merged env and the counts",
            headers = @Header(name = IdempotentRequests.REPLAYED_HEADER, ref = ApiAnswers.REPLAYED_HEADER),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = EnvMergeView.class)))
    @ApiResponse(responseCode = "404", ref = ApiAnswers.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiAnswers.ENV_CONFLICT)
    @ApiResponse(responseCode = "413", ref = ApiAnswers.ENV_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiAnswers.UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.WRITE_UNAVAILABLE)
    public HttpResponse<?> patchEnv(
            HttpRequest<?> request, TenantId tenantId, String slug, @Body EnvPatchRequest body) {
        return idempotent.answer(
                request, tenantId, body, EnvMergeView::of, key -> mergeStackEnv.merge(tenantId, slug, body.env(), key));
    }

    @Operation(
            operationId = "deleteStack",
            summary = "Delete a stack: 202, it turns deleting and is torn down after the teardown delay")
    @Delete("/{slug}")
    @ApiResponse(responseCode = "404", ref = ApiAnswers.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiAnswers.WRITE_CONFLICT)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.WRITE_UNAVAILABLE)
    @Status(HttpStatus.ACCEPTED)
    public HttpResponse<StackView> delete(TenantId tenantId, String slug) {
        return HttpResponse.accepted().body(StackView.of(deleteStack.delete(tenantId, slug)));
    }
}
