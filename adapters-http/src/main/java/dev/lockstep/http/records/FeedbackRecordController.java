package dev.lockstep.http.records;

import dev.lockstep.application.feedback.CreateFeedbackRecord;
import dev.lockstep.application.feedback.DeleteFeedbackRecord;
import dev.lockstep.application.feedback.GetFeedbackRecord;
import dev.lockstep.application.feedback.ListFeedbackRecords;
import dev.lockstep.application.feedback.UpdateFeedbackRecord;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.domain.ids.RowIds;
import dev.lockstep.http.support.ApiAnswers;
import dev.lockstep.http.support.ApiKeyAnswers;
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
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/tenants/{tenantId}/feedback-records}: tenant-owned records with a JSON payload.
 *
 * <p>Before a route here runs, the filter {@link dev.lockstep.http.support.RequestGuard} has
 * checked the API key and the path's tenant, and it makes the {@code TenantId} argument; an
 * exception a route lets out is answered by {@link dev.lockstep.http.support.ProblemHandler}.
 */
@Controller("/v1/tenants/{tenantId}/feedback-records")
@Tag(name = "Feedback records")
@ApiKeyAnswers
public class FeedbackRecordController {
    private final CreateFeedbackRecord create;
    private final GetFeedbackRecord get;
    private final ListFeedbackRecords list;
    private final UpdateFeedbackRecord update;
    private final DeleteFeedbackRecord delete;
    private final IdempotentRequests idempotent;

    public FeedbackRecordController(
            CreateFeedbackRecord create,
            GetFeedbackRecord get,
            ListFeedbackRecords list,
            UpdateFeedbackRecord update,
            DeleteFeedbackRecord delete,
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
            name = "CreateFeedbackRecord",
            example = "{\"userId\":\"user-42\",\"payload\":{\"rating\":5,\"comment\":\"fast\"}}")
    public record CreateBody(
            @Nullable String userId,
            @Schema(ref = "#/components/schemas/JsonObject") @Nullable Map<String, Object> payload) {}

    @Serdeable
    @Schema(name = "UpdateFeedbackRecord", example = "{\"payload\":{\"rating\":4,\"comment\":\"fast enough\"}}")
    public record UpdateBody(@Schema(ref = "#/components/schemas/JsonObject") @Nullable Map<String, Object> payload) {}

    @Serdeable
    @Schema(name = "FeedbackRecord")
    public record FeedbackRecordView(
            String id,
            @Nullable String userId,
            @Schema(ref = "#/components/schemas/JsonObject") Map<String, Object> payload,
            Instant createdAt,
            Instant updatedAt) {
        static FeedbackRecordView of(FeedbackRecord r) {
            return new FeedbackRecordView(
                    r.id().toString(),
                    r.userId() == null ? null : r.userId().value(),
                    r.payload().value(),
                    r.createdAt(),
                    r.updatedAt());
        }
    }

    @Serdeable
    @Schema(name = "FeedbackRecordPage")
    public record FeedbackRecordsPage(List<FeedbackRecordView> items, @Nullable String nextCursor) {
        static FeedbackRecordsPage of(Page<FeedbackRecord> page) {
            return new FeedbackRecordsPage(
                    page.items().stream().map(FeedbackRecordView::of).toList(), page.nextCursor());
        }
    }

    @Operation(
            operationId = "createFeedbackRecord",
            summary = "Store a feedback record (gated on the tenant lock: 409 while a purge is queued or running)")
    @Post
    @Status(HttpStatus.CREATED)
    @IdempotentWrite
    @ApiResponse(
            responseCode = "201",
            description = "The stored record",
            headers = @Header(name = IdempotentRequests.REPLAYED_HEADER, ref = ApiAnswers.REPLAYED_HEADER),
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = FeedbackRecordView.class)))
    @ApiResponse(responseCode = "409", ref = ApiAnswers.KEYED_WRITE_CONFLICT)
    @ApiResponse(responseCode = "413", ref = ApiAnswers.PAYLOAD_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiAnswers.UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.WRITE_UNAVAILABLE)
    public HttpResponse<?> create(HttpRequest<?> request, TenantId tenantId, @Body CreateBody body) {
        Fields fields = new Fields();
        UserId user = body.userId() == null ? null : fields.take(() -> UserId.of(body.userId()));
        FeedbackPayload payload = fields.take(() -> new FeedbackPayload(body.payload()));
        fields.check();
        return idempotent.answer(
                request, tenantId, body, FeedbackRecordView::of, key -> create.create(tenantId, user, payload, key));
    }

    @Operation(operationId = "listFeedbackRecords", summary = "List the tenant's feedback records, oldest first")
    @Get
    @ApiResponse(responseCode = "503", ref = ApiAnswers.READ_UNAVAILABLE)
    public FeedbackRecordsPage list(
            TenantId tenantId, @Nullable @QueryValue Integer limit, @Nullable @QueryValue String cursor) {
        return FeedbackRecordsPage.of(list.list(tenantId, PageRequest.of(limit, cursor)));
    }

    @Operation(operationId = "getFeedbackRecord", summary = "Read one feedback record")
    @Get("/{id}")
    @ApiResponse(responseCode = "404", ref = ApiAnswers.NOT_FOUND)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.READ_UNAVAILABLE)
    public FeedbackRecordView get(TenantId tenantId, String id) {
        return FeedbackRecordView.of(get.get(tenantId, RowIds.parse("id", id)));
    }

    @Operation(operationId = "updateFeedbackRecord", summary = "Replace a feedback record's payload")
    @Patch("/{id}")
    @IdempotentWrite
    @ApiResponse(
            responseCode = "200",
            description = "The record as it is after the change",
            headers = @Header(name = IdempotentRequests.REPLAYED_HEADER, ref = ApiAnswers.REPLAYED_HEADER),
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = FeedbackRecordView.class)))
    @ApiResponse(responseCode = "404", ref = ApiAnswers.NOT_FOUND)
    @ApiResponse(responseCode = "409", ref = ApiAnswers.KEYED_WRITE_CONFLICT)
    @ApiResponse(responseCode = "413", ref = ApiAnswers.PAYLOAD_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiAnswers.UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.WRITE_UNAVAILABLE)
    public HttpResponse<?> update(HttpRequest<?> request, TenantId tenantId, String id, @Body UpdateBody body) {
        Fields fields = new Fields();
        var recordId = fields.take(() -> RowIds.parse("id", id));
        FeedbackPayload payload = fields.take(() -> new FeedbackPayload(body.payload()));
        fields.check();
        return idempotent.answer(
                request,
                tenantId,
                body,
                FeedbackRecordView::of,
                key -> update.update(tenantId, recordId, payload, key));
    }

    @Operation(operationId = "deleteFeedbackRecord", summary = "Delete a feedback record (one deletion-log entry)")
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
