package dev.lockstep.domain.identity;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.json.JsonObject;
import java.util.Map;

/**
 * The free-form part of an identity: a JSON object of at most {@value #MAX_BYTES} bytes, measured
 * as compact UTF-8 JSON by {@link JsonObject#byteSize} (the one way sizes are measured
 * everywhere). Values are JSON-shaped and normalized by {@link JsonObject}.
 */
public record IdentityMeta(Map<String, Object> value) {
    public static final int MAX_BYTES = 64 * 1024;
    public static final IdentityMeta EMPTY = new IdentityMeta(Map.of());

    public IdentityMeta {
        if (value == null) {
            throw DomainException.validation("meta", "must be a JSON object");
        }
        JsonObject json;
        try {
            json = JsonObject.of(value);
        } catch (IllegalArgumentException e) {
            throw DomainException.validation("meta", "must be a JSON object: " + e.getMessage());
        }
        int size = json.byteSize();
        if (size > MAX_BYTES) {
            throw DomainException.validation("meta", "must be at most " + MAX_BYTES + " bytes as JSON, is " + size);
        }
        value = json.members();
    }
}
