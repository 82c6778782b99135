package dev.lockstep.http.testing;

import dev.lockstep.domain.json.JsonObject;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;

/**
 * JSON text for HTTP tests, through the server's own mapper; parsed values are normalized like the
 * domain's ({@link JsonObject}: integers as Long, other numbers as BigDecimal), so assertions compare
 * the shapes the API promises.
 */
public final class TestJson {
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private TestJson() {}

    public static String write(Object value) {
        try {
            return new String(JSON.writeValueAsBytes(value), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One JSON value: objects as {@code Map}, arrays as {@code List}. */
    public static Object parse(String text) {
        Object raw;
        try {
            raw = JSON.readValue(text.getBytes(StandardCharsets.UTF_8), Object.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
        return JsonObject.of(Collections.singletonMap("v", raw)).members().get("v");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException("not a JSON object: " + text);
        }
        return (Map<String, Object>) v;
    }
}
