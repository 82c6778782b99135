package dev.lockstep.domain.idempotency;

import dev.lockstep.domain.DomainException;

/**
 * The value of an {@code Idempotency-Key} header: 1–255 printable ASCII characters (0x20–0x7E), as
 * API.md allows; anything else is {@code validation_failed} on the header.
 */
public record IdempotencyKey(String value) {
    /** The header's name, also the field a refusal names. */
    public static final String HEADER = "Idempotency-Key";

    public static final int MAX_LENGTH = 255;

    /** @throws DomainException {@code validation_failed} on the header */
    public IdempotencyKey {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw DomainException.validation(HEADER, "must be 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw DomainException.validation(HEADER, "must be printable ASCII characters only");
            }
        }
    }

    public static IdempotencyKey of(String value) {
        return new IdempotencyKey(value);
    }
}
