package dev.lockstep.domain.identity;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The free-form part of an identity: a JSON object of at most {@value #MAX_BYTES} bytes, measured
 * as compact UTF-8 JSON by {@link Json#byteSize} (the one way sizes are measured everywhere).
 * Values are JSON-shaped (String, Number, Boolean, null, List, Map).
 */
public record IdentityMeta(Map<String, Object> value) {
  public static final int MAX_BYTES = 64 * 1024;
  public static final IdentityMeta EMPTY = new IdentityMeta(Map.of());

  public IdentityMeta {
    if (value == null) {
      throw DomainException.validation("meta", "must be a JSON object");
    }
    int size;
    try {
      size = Json.byteSize(value);
    } catch (IllegalArgumentException e) {
      throw DomainException.validation("meta", "must be a JSON object: " + e.getMessage());
    }
    if (size > MAX_BYTES) {
      throw DomainException.validation("meta", "must be at most " + MAX_BYTES + " bytes as JSON, is " + size);
    }
    value = Collections.unmodifiableMap(new LinkedHashMap<>(value));
  }

  /** Parses stored JSON text (jsonb) back into a value; the text was valid when it was written. */
  public static IdentityMeta fromJson(String json) {
    return new IdentityMeta(Json.parseObject(json));
  }

  public String toJson() {
    return Json.write(value);
  }
}
