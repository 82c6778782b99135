package dev.lockstep.domain.feedback;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.json.JsonObject;
import java.util.Map;

/**
 * The body of a feedback record: a JSON object of at most {@value #MAX_BYTES} bytes, measured as
 * compact UTF-8 JSON ({@link JsonObject#byteSize}) and normalized by {@link JsonObject}, so both
 * adapters hand back the same value shapes (Long, BigDecimal, List, Map).
 */
public record FeedbackPayload(Map<String, Object> value) {
    public static final int MAX_BYTES = 65_536;

    public FeedbackPayload {
        if (value == null) {
            throw DomainException.validation("payload", "is required and must be a JSON object");
        }
        JsonObject json;
        try {
            json = JsonObject.of(value);
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("payload", "is not valid JSON: " + e.getMessage());
        }
        if (json.byteSize() > MAX_BYTES) {
            throw DomainException.validation("payload", "must be at most " + MAX_BYTES + " bytes as JSON");
        }
        value = json.members();
    }
}
