package dev.lockstep.domain.org;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An organization about to be inserted; the store assigns its slug as the smallest free candidate
 * of {@code baseSlug} (see {@link Slugs#smallestFree}).
 *
 * @param id our id for it
 * @param baseSlug {@link Slugs#fromName} of its name
 * @param externalIdPushPending whether the IdP must be told our id after the commit
 */
public record NewOrganization(
    UUID id,
    String idpId,
    String name,
    String baseSlug,
    List<String> domains,
    boolean deleted,
    String lastEventId,
    Instant idpUpdatedAt,
    Instant createdAt,
    boolean externalIdPushPending) {

  public NewOrganization {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(idpId, "idpId");
    Objects.requireNonNull(name, "name");
    if (!Slugs.isValid(baseSlug)) {
      throw new IllegalArgumentException("invalid base slug: " + baseSlug);
    }
    domains = List.copyOf(domains);
    Objects.requireNonNull(lastEventId, "lastEventId");
    Objects.requireNonNull(idpUpdatedAt, "idpUpdatedAt");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The new organization from the first event seen of it. */
  public static NewOrganization from(OrganizationEvent event, UUID id, boolean pushPending, Instant now) {
    return new NewOrganization(
        id,
        event.idpId(),
        event.name(),
        Slugs.fromName(event.name()),
        event.domains(),
        event.type() == OrganizationEvent.Type.DELETED,
        event.eventId(),
        event.idpUpdatedAt(),
        now,
        pushPending);
  }

  /** The stored organization, once the store has chosen {@code slug}. */
  public Organization withSlug(String slug) {
    return new Organization(
        id, idpId, name, slug, domains, deleted, lastEventId, idpUpdatedAt, createdAt, createdAt, externalIdPushPending);
  }
}
