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
import io.micronaut.core.annotation.Nullable;
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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Stacks of a tenant and their env (API.md, "Stacks and their environment"). */
@Controller("/v1/tenants/{tenantId}/stacks")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StackController {
    private final CreateStack createStack;
    private final GetStack getStack;
    private final ListStacks listStacks;
    private final MergeStackEnv mergeStackEnv;
    private final DeleteStack deleteStack;

    public StackController(
            CreateStack createStack,
            GetStack getStack,
            ListStacks listStacks,
            MergeStackEnv mergeStackEnv,
            DeleteStack deleteStack) {
        this.createStack = createStack;
        this.getStack = getStack;
        this.listStacks = listStacks;
        this.mergeStackEnv = mergeStackEnv;
        this.deleteStack = deleteStack;
    }

    /** {@code env} values are strings; {@code null} or {@code ""} means "no such key". */
    @Serdeable
    public record CreateStackRequest(@Nullable String slug, @Nullable Map<String, Object> env) {}

    /** {@code {"env": {"A": "1", "B": "", "C": null}}}: a non-empty string sets, {@code ""}/null deletes. */
    @Serdeable
    public record EnvPatchRequest(@Nullable Map<String, Object> env) {}

    @Serdeable
    public record StackView(String slug, String status, Map<String, String> env, Instant createdAt, Instant updatedAt) {
        static StackView of(Stack s) {
            return new StackView(s.slug().value(), s.status().wireName(), s.env(), s.createdAt(), s.updatedAt());
        }
    }

    @Serdeable
    public record StacksPage(List<StackView> items, @Nullable String nextCursor) {}

    @Serdeable
    public record EnvMergeView(Map<String, String> env, int keysSet, int keysDeleted) {}

    @Operation(summary = "Create a stack (409 stack_exists when the slug is taken)")
    @Post
    @Status(HttpStatus.CREATED)
    public StackView create(TenantId tenantId, @Body CreateStackRequest body) {
        if (body.slug() == null) {
            throw DomainException.validation("slug", "is required");
        }
        return StackView.of(createStack.create(tenantId, body.slug(), body.env()));
    }

    @Operation(summary = "Read one stack (also while it is being torn down)")
    @Get("/{slug}")
    public StackView get(TenantId tenantId, String slug) {
        return StackView.of(getStack.get(tenantId, slug));
    }

    @Operation(summary = "List the tenant's stacks in slug order")
    @Get
    public StacksPage list(
            TenantId tenantId, @Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor) {
        Page<Stack> page = listStacks.list(tenantId, PageRequest.of(limit, cursor));
        return new StacksPage(page.items().stream().map(StackView::of).toList(), page.nextCursor());
    }

    @Operation(
            summary = "Merge into the stack's env under its row lock",
            description = "409 stack_deleting, 413 env_too_large, 503 lock_timeout (retryable)")
    @Patch("/{slug}/env")
    public EnvMergeView patchEnv(TenantId tenantId, String slug, @Body EnvPatchRequest body) {
        EnvMerge merge = mergeStackEnv.merge(tenantId, slug, body.env());
        return new EnvMergeView(merge.env(), merge.keysSet(), merge.keysDeleted());
    }

    @Operation(summary = "Delete a stack: 202, it turns deleting and is torn down after the teardown delay")
    @Delete("/{slug}")
    public HttpResponse<StackView> delete(TenantId tenantId, String slug) {
        return HttpResponse.accepted().body(StackView.of(deleteStack.delete(tenantId, slug)));
    }
}
