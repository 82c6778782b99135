package dev.lockstep.domain.org;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An organization synced from the identity provider. It is not tenant-owned.
 *
 * @param id our id (UUIDv5 of the IdP id, or the {@code external_id} the IdP already held)
 * @param idpId the IdP's organization id
 * @param name the name of the last applied event
 * @param slug derived from the name at creation, never changed afterwards (see {@link Slugs})
 * @param domains the domain names of the last applied event
 * @param deleted whether the last applied event was a deletion
 * @param lastEventId the id of the last applied event (see {@link EventOrdering})
 * @param idpUpdatedAt the IdP's {@code updated_at} of the last applied event
 * @param createdAt when we created it
 * @param updatedAt when we last changed it
 * @param externalIdPushPending whether the IdP still has to be told our id as its {@code external_id}
 *     (a push failed or has not happened yet); retried with the next event of this organization
 */
public record Organization(
    UUID id,
    String idpId,
    String name,
    String slug,
    List<String> domains,
    boolean deleted,
    String lastEventId,
    Instant idpUpdatedAt,
    Instant createdAt,
    Instant updatedAt,
    boolean externalIdPushPending) {

  public Organization {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(idpId, "idpId");
    Objects.requireNonNull(name, "name");
    if (!Slugs.isValid(slug)) {
      throw new IllegalArgumentException("invalid slug: " + slug);
    }
    domains = List.copyOf(domains);
    Objects.requireNonNull(lastEventId, "lastEventId");
    Objects.requireNonNull(idpUpdatedAt, "idpUpdatedAt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** Where {@code event} stands relative to the last event applied here. */
  public EventOrdering.Order order(OrganizationEvent event) {
    return EventOrdering.compare(lastEventId, idpUpdatedAt, deleted, event);
  }

  /**
   * This organization after applying the newer {@code event}: its data, the IdP id it came with (an
   * organization found by our id may be re-linked to a new IdP id), deleted or live as the event
   * says. The slug and creation time stay. When the IdP already sends our id as {@code external_id},
   * nothing is left to push.
   */
  public Organization apply(OrganizationEvent event, Instant now) {
    boolean idpKnowsOurId = id.toString().equalsIgnoreCase(event.externalId());
    return new Organization(
        id,
        event.idpId(),
        event.name(),
        slug,
        event.domains(),
        event.type() == OrganizationEvent.Type.DELETED,
        event.eventId(),
        event.idpUpdatedAt(),
        createdAt,
        now,
        externalIdPushPending && !idpKnowsOurId);
  }

  /** This organization with the push of our id done. */
  public Organization pushed() {
    return new Organization(
        id, idpId, name, slug, domains, deleted, lastEventId, idpUpdatedAt, createdAt, updatedAt, false);
  }
}
