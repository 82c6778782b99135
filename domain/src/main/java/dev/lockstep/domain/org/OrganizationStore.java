package dev.lockstep.domain.org;

import java.util.Optional;
import java.util.UUID;

/**
 * Port family "org sync": the organization writes of one serialized event unit ({@link
 * OrganizationSync#serialized}). Organizations are not tenant-owned, so no tenant lock is involved.
 * Lock order: the IdP organization's lock (held by the unit) → a base slug's lock (taken by {@link
 * #insert}) → row locks (taken by the {@code ForUpdate} reads). Every lock waits at most the
 * storage's organization lock bound, then fails with {@code lock_timeout}.
 */
public interface OrganizationStore {

    /** The organization linked to {@code idpId}, its row locked until the unit ends. */
    Optional<Organization> findByIdpIdForUpdate(String idpId);

    /** The organization with our id {@code id}, its row locked until the unit ends. */
    Optional<Organization> findByIdForUpdate(UUID id);

    /**
     * Inserts {@code organization} with the smallest free slug of its base slug, choosing it under the
     * base slug's lock, so concurrent creates of equal names get distinct slugs and no error.
     *
     * @return the stored organization, or empty when an organization with that id already exists
     *     (a create racing another create of the same id: the caller takes the update path)
     */
    Optional<Organization> insert(NewOrganization organization);

    /**
     * Replaces the stored state of the organization {@code organization.id()}, which the unit has
     * read with a {@code ForUpdate} method. The slug and creation time are never changed.
     */
    void update(Organization organization);
}
