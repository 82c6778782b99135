package dev.lockstep.domain.identity;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.StorableText;

/**
 * A ratelimit as a client asks for it (no id, no times). Names are 1–128 characters; {@code limit}
 * is at least 1 request per {@code durationMs} (1 ms to 366 days).
 */
public record RatelimitSpec(String name, long limit, long durationMs, boolean autoApply) {
    public static final int MAX_NAME_LENGTH = 128;
    public static final long MAX_DURATION_MS = 366L * 24 * 60 * 60 * 1000;
    /** How many ratelimits one identity may carry. */
    public static final int MAX_PER_IDENTITY = 100;

    public RatelimitSpec {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw DomainException.validation("name", "must be 1-" + MAX_NAME_LENGTH + " characters, not blank");
        }
        StorableText.require("name", name);
        if (limit < 1) {
            throw DomainException.validation("limit", "must be at least 1");
        }
        if (durationMs < 1 || durationMs > MAX_DURATION_MS) {
            throw DomainException.validation("durationMs", "must be between 1 and " + MAX_DURATION_MS);
        }
    }
}
