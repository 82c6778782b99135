package dev.lockstep.domain.identity;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.StorableText;

/**
 * The caller's own key of an identity: 1–255 characters, unique among a tenant's <i>active</i>
 * identities (a deleted generation frees it at once).
 */
public record ExternalId(String value) {
    public static final int MAX_LENGTH = 255;

    public ExternalId {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw DomainException.validation("externalId", "must be 1-" + MAX_LENGTH + " characters");
        }
        StorableText.require("externalId", value);
    }

    public static ExternalId of(String value) {
        return new ExternalId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
