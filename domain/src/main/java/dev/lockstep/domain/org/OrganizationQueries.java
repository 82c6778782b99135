package dev.lockstep.domain.org;

import java.util.Optional;
import java.util.UUID;

/** Reads of organizations outside any unit of work; deleted ones included. */
public interface OrganizationQueries {

    /** The organization with our id {@code id}. */
    Optional<Organization> findById(UUID id);

    /** The organization with {@code slug} (a slug is never reused). */
    Optional<Organization> findBySlug(String slug);
}
