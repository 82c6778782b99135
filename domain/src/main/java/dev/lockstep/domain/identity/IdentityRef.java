package dev.lockstep.domain.identity;

import dev.lockstep.domain.StorableText;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code {ref}} of a route: an identity id or an externalId. When both could match (an
 * externalId that happens to be another identity's id), the id match wins.
 */
public record IdentityRef(String value) {
    public IdentityRef {
        if (value == null) {
            throw new IllegalArgumentException("ref");
        }
        StorableText.require("ref", value);
    }

    public static IdentityRef of(String value) {
        return new IdentityRef(value);
    }

    /** The id this ref could be, when it is a UUID in canonical form. */
    public Optional<UUID> asId() {
        if (value.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID id = UUID.fromString(value);
            return id.toString().equalsIgnoreCase(value) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether this ref could name an identity by externalId at all (1–255 characters). */
    public boolean couldBeExternalId() {
        return !value.isEmpty() && value.length() <= ExternalId.MAX_LENGTH;
    }

    @Override
    public String toString() {
        return value;
    }
}
