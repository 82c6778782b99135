package dev.lockstep.domain.org;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Port family "org sync": organizations synced from an identity provider. Organizations are not
 * tenant-owned, so no tenant lock is involved.
 *
 * <p>Writes happen inside {@link #serializeEvents}: one unit of work (one database transaction, or
 * the in-memory undo log) holding the lock of one IdP organization, so that events of one
 * organization apply one at a time. Lock order: that organization lock → a base slug's lock (taken
 * by {@link #insert}) → row locks (taken by the {@code ForUpdate} reads). Every lock waits at most
 * {@link #LOCK_TIMEOUT}, then fails with {@code lock_timeout}.
 */
public interface OrganizationStore {

  /** The bound of every lock this store waits for. */
  Duration LOCK_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Runs {@code work} as one unit of work holding the lock of the IdP organization {@code idpId}
   * (PostgreSQL: {@code pg_advisory_xact_lock(hashtextextended('org_idp|' || idpId, 0))}). When
   * this returns, the unit has committed; when it throws, nothing of it remains.
   */
  <T> T serializeEvents(String idpId, Supplier<T> work);

  /** The organization linked to {@code idpId}, its row locked until the unit ends; inside {@link #serializeEvents} only. */
  Optional<Organization> findByIdpIdForUpdate(String idpId);

  /** The organization with our id {@code id}, its row locked until the unit ends; inside {@link #serializeEvents} only. */
  Optional<Organization> findByIdForUpdate(UUID id);

  /**
   * Inserts {@code organization} with the smallest free slug of its base slug, choosing it under the
   * base slug's lock (PostgreSQL: {@code pg_advisory_xact_lock(hashtextextended('org_slug|' ||
   * base, 0))}), so concurrent creates of equal names get distinct slugs and no error. Inside
   * {@link #serializeEvents} only.
   *
   * @return the stored organization, or empty when an organization with that id already exists
   *     (a create racing another create of the same id: the caller takes the update path)
   */
  Optional<Organization> insert(NewOrganization organization);

  /**
   * Replaces the stored state of the organization {@code organization.id()}, which the unit has
   * read with a {@code ForUpdate} method. The slug and creation time are never changed. Inside
   * {@link #serializeEvents} only.
   */
  void update(Organization organization);

  /** Records that the IdP now holds our id as the organization's {@code external_id}; its own unit. */
  void markExternalIdPushed(UUID id);

  /** The organization with our id {@code id}, deleted ones included. */
  Optional<Organization> findById(UUID id);

  /** The organization with {@code slug}, deleted ones included (a slug is never reused). */
  Optional<Organization> findBySlug(String slug);
}
