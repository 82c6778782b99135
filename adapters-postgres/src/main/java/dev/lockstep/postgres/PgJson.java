package dev.lockstep.postgres;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lockstep.domain.json.JsonObject;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON text of jsonb columns and parameters. Writes compactly, which is the form {@link
 * JsonObject#byteSize} measures, so the 64 KiB caps count the same bytes as the in-memory storage.
 * Reads back the value shapes {@link JsonObject} hands out: objects as insertion-ordered maps,
 * integers as Long when they fit and BigDecimal otherwise, every other number as an exact BigDecimal.
 */
final class PgJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // jsonb never holds duplicate keys; text that does was not written by this adapter
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private PgJson() {}

    /**
     * The compact JSON text of a JSON-shaped value (a domain value already normalized by {@link
     * JsonObject}, or a map of strings).
     */
    static String write(Object value) {
        // straight to Jackson's streaming generator: the values are already the few normalized JSON
        // shapes, and ObjectMapper's serializer lookup cost more per create than the rest of the
        // adapter's own work on the gated-create path
        StringWriter out = new StringWriter(64);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            writeValue(g, value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON value: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> items) {
            g.writeStartArray();
            for (Object item : items) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else {
            // anything else (e.g. a Double in audit details) the full mapper knows how to write
            g.writeObject(v);
        }
    }

    /** A streaming parser over {@code text}, for readers of a shape this adapter wrote itself. */
    static JsonParser parser(String text) throws IOException {
        return MAPPER.getFactory().createParser(text);
    }

    /**
     * Parses exactly one JSON value.
     *
     * @throws IllegalArgumentException on anything that is not exactly one valid JSON value
     */
    static Object read(String text) {
        return JsonObject.normalized(parse(text));
    }

    /** A stored change-feed row ({@link JsonObject#row}: one level deeper than an input document). */
    static JsonObject readRow(String text) {
        return JsonObject.rowOf(parse(text));
    }

    private static Object parse(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses a JSON object into an unmodifiable map of normalized values ({@link
     * JsonObject#normalized}).
     */
    static Map<String, Object> readObject(String text) {
        if (!(read(text) instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> members = (Map<String, Object>) map;
        return members;
    }

    /** Parses a JSON object whose values are all strings (a stack env). */
    static Map<String, String> readStringMap(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        readObject(text).forEach((k, v) -> {
            if (!(v instanceof String s)) {
                throw new IllegalArgumentException("value of " + k + " is not a string");
            }
            out.put(k, s);
        });
        return out;
    }
}
