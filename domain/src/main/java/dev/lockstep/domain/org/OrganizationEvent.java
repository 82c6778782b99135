package dev.lockstep.domain.org;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.FieldError;
import dev.lockstep.domain.StorableText;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One organization event of the identity provider ({@code organization.created|updated|deleted}),
 * already verified and decoded.
 *
 * @param eventId the IdP's event id, {@code event_<ULID>} for WorkOS
 * @param type what happened
 * @param idpId the IdP's organization id ({@code org_…})
 * @param name the organization's name (non-blank)
 * @param externalId the IdP's {@code external_id}: our id when we told it, else whatever the IdP
 *     holds, or {@code null}
 * @param domains the organization's domain names
 * @param idpUpdatedAt the data's {@code updated_at}, kept to the microsecond (the storage precision)
 */
public record OrganizationEvent(
        String eventId,
        Type type,
        String idpId,
        String name,
        String externalId,
        List<String> domains,
        Instant idpUpdatedAt) {

    /** The organization event types; their wire names are the IdP's. */
    public enum Type {
        CREATED("organization.created"),
        UPDATED("organization.updated"),
        DELETED("organization.deleted");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The type of a wire name, or {@code null} for any other event (which is ignored). */
        public static Type fromWireName(String wireName) {
            for (Type t : values()) {
                if (t.wireName.equals(wireName)) {
                    return t;
                }
            }
            return null;
        }
    }

    /** The longest id or name accepted from the IdP. */
    public static final int MAX_TEXT = 1024;

    public OrganizationEvent {
        List<FieldError> errors = new ArrayList<>();
        if (blankOrLong(eventId)) {
            errors.add(new FieldError("id", "must be a non-blank event id of at most " + MAX_TEXT + " characters"));
        }
        if (type == null) {
            errors.add(new FieldError("event", "must be an organization event"));
        }
        if (blankOrLong(idpId)) {
            errors.add(new FieldError(
                    "data.id", "must be a non-blank organization id of at most " + MAX_TEXT + " characters"));
        }
        if (blankOrLong(name)) {
            errors.add(new FieldError("data.name", "must be a non-blank name of at most " + MAX_TEXT + " characters"));
        }
        if (externalId != null && externalId.length() > MAX_TEXT) {
            errors.add(new FieldError("data.external_id", "must be at most " + MAX_TEXT + " characters"));
        }
        if (domains == null || domains.stream().anyMatch(OrganizationEvent::blankOrLong)) {
            errors.add(new FieldError("data.domains", "must be a list of non-blank domain names"));
        }
        if (idpUpdatedAt == null) {
            errors.add(new FieldError("data.updated_at", "must be an RFC 3339 time"));
        }
        storable(errors, "id", eventId);
        storable(errors, "data.id", idpId);
        storable(errors, "data.name", name);
        storable(errors, "data.external_id", externalId);
        if (domains != null) {
            for (int i = 0; i < domains.size(); i++) {
                storable(errors, "data.domains[" + i + "]", domains.get(i));
            }
        }
        if (!errors.isEmpty()) {
            throw DomainException.validation(errors);
        }
        domains = List.copyOf(domains);
        idpUpdatedAt = idpUpdatedAt.truncatedTo(ChronoUnit.MICROS);
    }

    private static void storable(List<FieldError> errors, String field, String value) {
        String problem = StorableText.problem(value);
        if (problem != null) {
            errors.add(new FieldError(field, problem));
        }
    }

    private static boolean blankOrLong(String s) {
        return s == null || s.isBlank() || s.length() > MAX_TEXT;
    }
}
