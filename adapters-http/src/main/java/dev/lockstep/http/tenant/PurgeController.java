package dev.lockstep.http.tenant;

import dev.lockstep.application.tenant.PurgeTenantData;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.http.support.AdminOnly;
import dev.lockstep.http.support.ApiAnswers;
import dev.lockstep.http.support.ApiKeyAnswers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;

/**
 * {@code DELETE /v1/tenants/{tenantId}/data} (admin): the purge. Its duration, lock wait included,
 * is the timer {@code lockstep.purge.duration} tagged {@code outcome} = {@code purged}, the problem code (e.g. {@code tenant_write_conflict}) or {@code error}.
 *
 * <p>Before a route here runs, the filter {@link dev.lockstep.http.support.RequestGuard} has
 * checked the API key and the path's tenant, and it makes the {@code TenantId} argument; an
 * exception a route lets out is answered by {@link dev.lockstep.http.support.ProblemHandler}.
 */
@Controller("/v1/tenants/{tenantId}/data")
@Tag(name = "Tenant data")
@ApiKeyAnswers
public class PurgeController {
    private final PurgeTenantData purge;
    private final MeterRegistry meters;

    public PurgeController(PurgeTenantData purge, MeterRegistry meters) {
        this.purge = purge;
        this.meters = meters;
    }

    @Serdeable
    @Schema(name = "Purged")
    public record Purged(Map<String, Long> deleted) {}

    @Operation(
            operationId = "purgeTenant",
            summary = "Remove every row the tenant owns, under the tenant's exclusive lock (admin)")
    @Delete
    @AdminOnly
    @ApiResponse(responseCode = "409", ref = ApiAnswers.PURGE_CONFLICT)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.READ_UNAVAILABLE)
    public Purged purge(TenantId tenantId) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            Purged purged = new Purged(purge.purge(tenantId).byWireName());
            outcome = "purged";
            return purged;
        } catch (DomainException e) {
            outcome = e.code().code();
            throw e;
        } finally {
            sample.stop(Timer.builder("lockstep.purge.duration")
                    .description("Tenant data purges, from request to answer, waiting for in-flight writes included")
                    .tag("outcome", outcome)
                    .register(meters));
        }
    }
}
