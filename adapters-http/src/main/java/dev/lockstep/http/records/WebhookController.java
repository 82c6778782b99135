package dev.lockstep.http.records;

import dev.lockstep.application.webhook.CreateWebhook;
import dev.lockstep.application.webhook.DeleteWebhook;
import dev.lockstep.application.webhook.GetWebhook;
import dev.lockstep.application.webhook.ListWebhooks;
import dev.lockstep.application.webhook.UpdateWebhook;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.ids.RowIds;
import dev.lockstep.domain.webhook.EventTypes;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookChange;
import dev.lockstep.domain.webhook.WebhookUrl;
import dev.lockstep.http.support.ApiAnswers;
import dev.lockstep.http.support.ApiKeyAnswers;
import dev.lockstep.http.support.Caller;
import dev.lockstep.http.support.IdempotentRequests;
import dev.lockstep.http.support.IdempotentWrite;
import dev.lockstep.http.support.Problems;
import io.micronaut.core.annotation.Nullable;
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
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code /v1/tenants/{tenantId}/webhooks}; a PATCH with another {@code tenantId} moves the webhook.
 *
 * <p>Before a route here runs, the filter {@link dev.lockstep.http.support.RequestGuard} has
 * checked the API key and the path's tenant, and it makes the {@code TenantId} argument; an
 * exception a route lets out is answered by {@link dev.lockstep.http.support.ProblemHandler}.
 */
@Controller("/v1/tenants/{tenantId}/webhooks")
@Tag(name = "Webhooks")
@ApiKeyAnswers
public class WebhookController {
    private final CreateWebhook create;
    private final GetWebhook get;
    private final ListWebhooks list;
    private final UpdateWebhook update;
    private final DeleteWebhook delete;
    private final IdempotentRequests idempotent;

    public WebhookController(
            CreateWebhook create,
            GetWebhook get,
            ListWebhooks list,
            UpdateWebhook update,
            DeleteWebhook delete,
            IdempotentRequests idempotent) {
        this.idempotent = idempotent;
        this.create = create;
        this.get = get;
        this.list = list;
        this.update = update;
        this.delete = delete;
    }

    @Serdeable
    @Schema(
            name = "CreateWebhook",
            example =
                    "{\"url\":\"https://hooks.example.org/lockstep\",\"eventTypes\":[\"identity.create\"],\"enabled\":true}")
    public record CreateBody(@Nullable String url, @Nullable List<String> eventTypes, @Nullable Boolean enabled) {}

    @Serdeable
    @Schema(name = "UpdateWebhook", example = "{\"enabled\":false}")
    public record UpdateBody(
            @Nullable String url,
            @Nullable List<String> eventTypes,
            @Nullable Boolean enabled,
            @Nullable String tenantId) {}

    @Serdeable
    @Schema(name = "Webhook")
    public record WebhookView(
            String id,
            String tenantId,
            String url,
            List<String> eventTypes,
            boolean enabled,
            Instant createdAt,
            Instant updatedAt) {
        static WebhookView of(Webhook w) {
            return new WebhookView(
                    w.id().toString(),
                    w.tenantId().value(),
                    w.url().value(),
                    w.eventTypes().values(),
                    w.enabled(),
                    w.createdAt(),
                    w.updatedAt());
        }
    }

    @Serdeable
    @Schema(name = "WebhookPage")
    public record WebhooksPage(List<WebhookView> items, @Nullable String nextCursor) {
        static WebhooksPage of(Page<Webhook> page) {
            return new WebhooksPage(page.items().stream().map(WebhookView::of).toList(), page.nextCursor());
        }
    }

    @Operation(operationId = "createWebhook", summary = "Register a webhook (gated on the tenant lock)")
    @Post
    @Status(HttpStatus.CREATED)
    @IdempotentWrite
    @ApiResponse(
            responseCode = "201",
            description = "The registered webhook",
            headers = @Header(name = IdempotentRequests.REPLAYED_HEADER, ref = ApiAnswers.REPLAYED_HEADER),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookView.class)))
    @ApiResponse(responseCode = "409", ref = ApiAnswers.KEYED_WRITE_CONFLICT)
    @ApiResponse(responseCode = "413", ref = ApiAnswers.PAYLOAD_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiAnswers.UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.WRITE_UNAVAILABLE)
    public HttpResponse<?> create(HttpRequest<?> request, TenantId tenantId, @Body CreateBody body) {
        Fields fields = new Fields();
        fields.require("url", body.url());
        fields.require("eventTypes", body.eventTypes());
        fields.require("enabled", body.enabled());
        WebhookUrl url = body.url() == null ? null : fields.take(() -> WebhookUrl.of(body.url()));
        EventTypes types = body.eventTypes() == null ? null : fields.take(() -> EventTypes.of(body.eventTypes()));
        fields.check();
        return idempotent.answer(
                request,
                tenantId,
                body,
                WebhookView::of,
                key -> create.create(tenantId, url, types, body.enabled(), key));
    }

    @Operation(operationId = "listWebhooks", summary = "List the tenant's webhooks")
    @Get
    @ApiResponse(responseCode = "503", ref = ApiAnswers.READ_UNAVAILABLE)
    public WebhooksPage list(
            TenantId tenantId, @Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor) {
        return WebhooksPage.of(list.list(tenantId, PageRequest.of(limit, cursor)));
    }

    @Operation(operationId = "getWebhook", summary = "Read one webhook")
    @Get("/{id}")
    @ApiResponse(responseCode = "404", ref = ApiAnswers.NOT_FOUND)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.READ_UNAVAILABLE)
    public WebhookView get(TenantId tenantId, String id) {
        return WebhookView.of(get.get(tenantId, RowIds.parse("id", id)));
    }

    @Operation(
            operationId = "updateWebhook",
            summary = "Change a webhook; a new tenantId moves it (both tenants locked, both in the key's scope)")
    @Patch("/{id}")
    @IdempotentWrite
    @ApiResponse(
            responseCode = "200",
            description = "The webhook as it is after the change (with its new tenant after a move)",
            headers = @Header(name = IdempotentRequests.REPLAYED_HEADER, ref = ApiAnswers.REPLAYED_HEADER),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookView.class)))
    @ApiResponse(responseCode = "404", ref = ApiAnswers.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiAnswers.KEYED_WRITE_CONFLICT)
    @ApiResponse(responseCode = "413", ref = ApiAnswers.PAYLOAD_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiAnswers.UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.WRITE_UNAVAILABLE)
    public HttpResponse<?> update(
            HttpRequest<?> request,
            TenantId tenantId,
            @Parameter(hidden = true) Caller caller,
            String id,
            @Body UpdateBody body) {
        // a move writes to the new tenant too, so the key must have it in scope (400 before 403)
        TenantId to = body.tenantId() == null ? null : caller.tenantInScope(body.tenantId());
        Fields fields = new Fields();
        UUID webhookId = fields.take(() -> RowIds.parse("id", id));
        WebhookUrl url = body.url() == null ? null : fields.take(() -> WebhookUrl.of(body.url()));
        EventTypes types = body.eventTypes() == null ? null : fields.take(() -> EventTypes.of(body.eventTypes()));
        fields.check();
        WebhookChange change = new WebhookChange(url, types, body.enabled(), to);
        return idempotent.answer(
                request, tenantId, body, WebhookView::of, key -> update.update(tenantId, webhookId, change, key));
    }

    @Operation(operationId = "deleteWebhook", summary = "Delete a webhook (one deletion-log entry)")
    @Delete("/{id}")
    @Status(HttpStatus.NO_CONTENT)
    // no body: a client that accepts only problem+json (what the document lists) must not get a 406
    @Produces({MediaType.APPLICATION_JSON, Problems.PROBLEM_JSON_TYPE})
    @ApiResponse(responseCode = "404", ref = ApiAnswers.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiAnswers.WRITE_CONFLICT)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.WRITE_UNAVAILABLE)
    public void delete(TenantId tenantId, String id) {
        delete.delete(tenantId, RowIds.parse("id", id));
    }
}
