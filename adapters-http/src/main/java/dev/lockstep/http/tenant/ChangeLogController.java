package dev.lockstep.http.tenant;

import dev.lockstep.application.log.ReadChangeLogs;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.DeletionLogEntry;
import dev.lockstep.http.support.ApiAnswers;
import dev.lockstep.http.support.ApiKeyAnswers;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The change feeds of a tenant: the deletion log (for external sync) and the audit log, both read
 * with a {@code seq} cursor: pass the answer's {@code nextSeq} back as {@code after}.
 *
 * <p>Before a route here runs, the filter {@link dev.lockstep.http.support.RequestGuard} has
 * checked the API key and the path's tenant, and it makes the {@code TenantId} argument; an
 * exception a route lets out is answered by {@link dev.lockstep.http.support.ProblemHandler}.
 */
@Controller("/v1/tenants/{tenantId}")
@Tag(name = "Change logs")
@ApiKeyAnswers
public class ChangeLogController {
    private final ReadChangeLogs logs;

    public ChangeLogController(ReadChangeLogs logs) {
        this.logs = logs;
    }

    @Serdeable
    @Schema(name = "Deletion")
    public record DeletionView(long seq, String tenantId, String kind, String id, Instant deletedAt) {
        static DeletionView of(DeletionLogEntry e) {
            return new DeletionView(e.seq(), e.tenantId().value(), e.kind().wireName(), e.id(), e.deletedAt());
        }
    }

    @Serdeable
    @Schema(name = "DeletionPage")
    public record DeletionsPage(List<DeletionView> items, long nextSeq) {}

    @Serdeable
    @Schema(name = "AuditEvent")
    public record AuditEventView(
            long seq,
            String action,
            String resourceId,
            Instant at,
            @Schema(ref = "#/components/schemas/JsonObject") Map<String, Object> details) {
        static AuditEventView of(AuditEvent e) {
            return new AuditEventView(e.seq(), e.action().wireName(), e.resourceId(), e.at(), e.details());
        }
    }

    @Serdeable
    @Schema(name = "AuditEventPage")
    public record AuditEventsPage(List<AuditEventView> items, long nextSeq) {}

    @Operation(
            operationId = "listDeletions",
            summary = "Deletion log: every removed row, exactly once, in commit order")
    @Get("/deletions")
    @ApiResponse(responseCode = "503", ref = ApiAnswers.READ_UNAVAILABLE)
    public DeletionsPage deletions(
            TenantId tenantId, @Nullable @QueryValue Long after, @Nullable @QueryValue Integer limit) {
        ReadChangeLogs.Deletions page = logs.deletions(
                tenantId, after == null ? 0 : after, PageRequest.of(limit, null).limit());
        return new DeletionsPage(page.items().stream().map(DeletionView::of).toList(), page.nextSeq());
    }

    @Operation(operationId = "listAuditEvents", summary = "Audit log of the tenant, in commit order")
    @Get("/audit-events")
    @ApiResponse(responseCode = "503", ref = ApiAnswers.READ_UNAVAILABLE)
    public AuditEventsPage auditEvents(
            TenantId tenantId, @Nullable @QueryValue Long after, @Nullable @QueryValue Integer limit) {
        ReadChangeLogs.AuditEvents page = logs.auditEvents(
                tenantId, after == null ? 0 : after, PageRequest.of(limit, null).limit());
        return new AuditEventsPage(page.items().stream().map(AuditEventView::of).toList(), page.nextSeq());
    }
}
