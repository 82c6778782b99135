package dev.lockstep.application.org;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.org.Organization;
import dev.lockstep.domain.org.OrganizationQueries;
import jakarta.inject.Singleton;
import java.util.UUID;

/** An admin reads one organization by our id; deleted ones are shown with {@code deleted: true}. */
@Singleton
public final class GetOrganization {
    private final OrganizationQueries organizations;

    public GetOrganization(OrganizationQueries organizations) {
        this.organizations = organizations;
    }

    /**
     * @throws DomainException {@code validation_failed} for an id that is not a UUID, {@code
     *     not_found} when no organization has it
     */
    public Organization get(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("id", "must be a UUID");
        }
        return organizations.findById(uuid).orElseThrow(() -> DomainException.notFound("organization " + id));
    }
}
