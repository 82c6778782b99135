package dev.lockstep.http.org;

import dev.lockstep.application.org.FindOrganizationBySlug;
import dev.lockstep.application.org.GetOrganization;
import dev.lockstep.domain.org.Organization;
import dev.lockstep.http.support.AdminOnly;
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

/** Admin reads of the organizations synced from the identity provider. */
@Controller("/v1/organizations")
@AdminOnly
@Tag(name = "Organizations")
@ApiKeyAnswers
public class OrganizationsController {
    private final GetOrganization getOrganization;
    private final FindOrganizationBySlug findBySlug;

    public OrganizationsController(GetOrganization getOrganization, FindOrganizationBySlug findBySlug) {
        this.getOrganization = getOrganization;
        this.findBySlug = findBySlug;
    }

    /** An organization as the API shows it. */
    @Serdeable
    @Schema(name = "Organization")
    public record OrganizationView(
            String id,
            String idpId,
            String name,
            String slug,
            List<String> domains,
            boolean deleted,
            String lastEventId,
            Instant idpUpdatedAt,
            Instant createdAt,
            Instant updatedAt) {
        static OrganizationView of(Organization o) {
            return new OrganizationView(
                    o.id().toString(),
                    o.idpId(),
                    o.name(),
                    o.slug(),
                    o.domains(),
                    o.deleted(),
                    o.lastEventId(),
                    o.idpUpdatedAt(),
                    o.createdAt(),
                    o.updatedAt());
        }
    }

    /** The list envelope of API.md; a slug matches at most one organization. */
    @Serdeable
    @Schema(name = "OrganizationPage")
    public record OrganizationsPage(List<OrganizationView> items, @Nullable String nextCursor) {}

    @Operation(
            operationId = "getOrganization",
            summary = "One organization by our id (admin); deleted ones show deleted: true")
    @Get("/{id}")
    @ApiResponse(responseCode = "404", ref = ApiAnswers.NOT_FOUND)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.READ_UNAVAILABLE)
    public OrganizationView get(String id) {
        return OrganizationView.of(getOrganization.get(id));
    }

    @Operation(operationId = "findOrganizationsBySlug", summary = "Organizations by slug (admin): zero or one item")
    @Get
    @ApiResponse(responseCode = "503", ref = ApiAnswers.READ_UNAVAILABLE)
    public OrganizationsPage bySlug(@Nullable @QueryValue String slug) {
        List<OrganizationView> items =
                findBySlug.find(slug).map(OrganizationView::of).stream().toList();
        return new OrganizationsPage(items, null);
    }
}
