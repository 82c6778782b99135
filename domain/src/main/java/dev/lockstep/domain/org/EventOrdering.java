package dev.lockstep.domain.org;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The ordering rule of identity-provider events, once for both storage adapters. An event is
 * applied to an organization only when it is newer than the last one applied:
 *
 * <ol>
 *   <li>the same event id as the last applied → {@link Order#DUPLICATE};
 *   <li>both ids are {@code event_<ULID>} → the ULIDs decide, compared as (upper-case) strings —
 *       which is their time order;
 *   <li>otherwise the data's {@code updated_at} decides; at an equal {@code updated_at} the event
 *       is a {@link Order#DUPLICATE} of the data already held — except a deletion of a live
 *       organization, which the IdP sends carrying the organization's last {@code updated_at}.
 * </ol>
 *
 * A stale event never changes anything, so a stale update cannot revive a deleted organization.
 */
public final class EventOrdering {

  /** Where an incoming event stands relative to the organization's last applied event. */
  public enum Order {
    /** Apply it. */
    NEWER,
    /** The event (or its data) was already applied. */
    DUPLICATE,
    /** An older event arriving late. */
    STALE
  }

  /** The prefix WorkOS puts in front of an event's ULID. */
  public static final String EVENT_PREFIX = "event_";

  private static final Pattern ULID = Pattern.compile("[0-7][0-9A-HJKMNP-TV-Z]{25}");

  private EventOrdering() {}

  /**
   * Where {@code incoming} stands after the last applied event of an organization.
   *
   * @param lastEventId the id of the last applied event
   * @param lastUpdatedAt the IdP's {@code updated_at} of the last applied event
   * @param organizationDeleted whether the organization is deleted now
   * @param incoming the event that arrived
   */
  public static Order compare(String lastEventId, Instant lastUpdatedAt, boolean organizationDeleted, OrganizationEvent incoming) {
    Objects.requireNonNull(lastEventId, "lastEventId");
    Objects.requireNonNull(lastUpdatedAt, "lastUpdatedAt");
    if (lastEventId.equals(incoming.eventId())) {
      return Order.DUPLICATE;
    }
    String last = ulidOf(lastEventId);
    String next = ulidOf(incoming.eventId());
    if (last != null && next != null) {
      int c = next.compareTo(last);
      if (c == 0) {
        return Order.DUPLICATE; // the same ULID spelled in another case
      }
      return c > 0 ? Order.NEWER : Order.STALE;
    }
    int c = incoming.idpUpdatedAt().compareTo(lastUpdatedAt);
    if (c > 0) {
      return Order.NEWER;
    }
    if (c < 0) {
      return Order.STALE;
    }
    return incoming.type() == OrganizationEvent.Type.DELETED && !organizationDeleted ? Order.NEWER : Order.DUPLICATE;
  }

  /** The upper-case ULID of {@code event_<ULID>}, or {@code null} when the id is not of that form. */
  public static String ulidOf(String eventId) {
    if (eventId == null || !eventId.startsWith(EVENT_PREFIX)) {
      return null;
    }
    String ulid = eventId.substring(EVENT_PREFIX.length()).toUpperCase(Locale.ROOT);
    return ULID.matcher(ulid).matches() ? ulid : null;
  }
}
