package dev.lockstep.application.org;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.org.Organization;
import dev.lockstep.domain.org.OrganizationQueries;
import dev.lockstep.domain.org.Slugs;
import jakarta.inject.Singleton;
import java.util.Optional;

/** An admin looks an organization up by its slug. */
@Singleton
public final class FindOrganizationBySlug {
    private final OrganizationQueries organizations;

    public FindOrganizationBySlug(OrganizationQueries organizations) {
        this.organizations = organizations;
    }

    /**
     * @throws DomainException {@code validation_failed} when {@code slug} is missing or not a slug
     */
    public Optional<Organization> find(String slug) {
        if (!Slugs.isValid(slug)) {
            throw DomainException.validation(
                    "slug", "must be 1-63 characters of lower-case a-z, 0-9 and single inner dashes");
        }
        return organizations.findBySlug(slug);
    }
}
