package dev.lockstep.domain.feedback;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.StorableText;

/**
 * The client's id of the person a feedback record is about: 1–255 characters, no control
 * characters. Opaque to Lockstep; it only groups records for the GDPR delete.
 */
public record UserId(String value) {
    public static final int MAX_LENGTH = 255;

    public UserId {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw DomainException.validation("userId", "must be 1-" + MAX_LENGTH + " characters");
        }
        StorableText.require("userId", value);
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw DomainException.validation("userId", "must not contain control characters");
            }
        }
    }

    public static UserId of(String value) {
        return new UserId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
