package dev.lockstep.inmemory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lockstep.domain.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON text columns of the H2 tables: written compactly from values {@link
 * dev.lockstep.domain.json.JsonObject} already normalized, read back in the shapes it hands out
 * (insertion-ordered maps, Long for integers that fit, BigDecimal for every other number), so a
 * value reads back equal to what was stored, as on PostgreSQL.
 */
final class H2Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private H2Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON value: " + e.getOriginalMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String text) {
        return (Map<String, Object>) read(text);
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(String text) {
        return (List<Object>) read(text);
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(String text) {
        return (List<String>) (List<?>) array(text);
    }

    static Map<String, String> stringMap(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        object(text).forEach((k, v) -> out.put(k, (String) v));
        return out;
    }

    /** A stored change-feed row ({@link JsonObject#row}: one level deeper than an input document). */
    static JsonObject row(String text) {
        return JsonObject.rowOf(parse(text));
    }

    private static Object read(String text) {
        return JsonObject.normalized(parse(text));
    }

    private static Object parse(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not valid: " + e.getOriginalMessage(), e);
        }
    }
}
