package dev.lockstep.domain.json;

import dev.lockstep.domain.StorableText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable JSON object as the domain carries it (identity meta, feedback payloads, stack env,
 * audit details), with the two rules API.md puts on JSON: its size is the UTF-8 byte count of its
 * compact serialization (what the 64 KiB caps measure, the same on every storage), and it nests at
 * most {@value #MAX_DEPTH} levels. Every member name and string value, at any depth, follows
 * {@link StorableText} (no U+0000, no unpaired surrogate).
 *
 * <p>Members are JSON-shaped and normalized, so every adapter hands back the same value shapes:
 * {@code null}, {@link String}, {@link Boolean}, {@link Long} (integers that fit), {@link BigDecimal}
 * (every other number), {@link List} and {@link Map} with String keys in insertion order, all
 * unmodifiable. Parsing and writing JSON text is the adapters' business, with a maintained library.
 */
public record JsonObject(Map<String, Object> members) {

    /** The deepest nesting API.md allows; the object itself is level 1. */
    public static final int MAX_DEPTH = 64;

    public static final JsonObject EMPTY = new JsonObject(Map.of());

    /**
     * @throws IllegalArgumentException when a member is not JSON-shaped (a NaN, an unknown type, a
     *     non-String key) or the value nests deeper than {@value #MAX_DEPTH} levels
     */
    public JsonObject {
        if (members == null) {
            throw new IllegalArgumentException("a JSON object is required");
        }
        members = members instanceof Row row ? row.members : object(members, 1);
    }

    /**
     * A row of the change feed, as a GET route answers it: its members may be documents that
     * themselves nest {@value #MAX_DEPTH} levels (a feedback record's payload, an identity's meta), so
     * the row nests one level more than an input document may. Every other rule of this type holds.
     *
     * @throws IllegalArgumentException when a member is not JSON-shaped or nests too deeply
     */
    public static JsonObject row(Map<String, ?> value) {
        if (value == null) {
            throw new IllegalArgumentException("a JSON object is required");
        }
        return new JsonObject(new Row(object(value, 0)));
    }

    /** {@link #row} of what a JSON library read back from storage (a stored change-feed row). */
    public static JsonObject rowOf(Object parsed) {
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a change-feed row must be a JSON object");
        }
        return new JsonObject(new Row(object(map, 0)));
    }

    /** Members already checked by {@link #row}, one level of nesting allowed beyond an input's. */
    private static final class Row extends java.util.AbstractMap<String, Object> {
        private final Map<String, Object> members;

        Row(Map<String, Object> members) {
            this.members = members;
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return members.entrySet();
        }
    }

    /** {@code value} as a JSON object. */
    public static JsonObject of(Map<String, ?> value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> members = (Map<String, Object>) value;
        return new JsonObject(members);
    }

    /**
     * Any JSON-shaped value (an object, array, string, number, boolean or null, as a JSON library
     * reads it) in the normalized, unmodifiable shapes this type hands out; the one rule adapters use
     * for what they read back from storage.
     *
     * @throws IllegalArgumentException when it is not JSON-shaped or nests too deeply
     */
    public static Object normalized(Object value) {
        return value(value, 0);
    }

    /** UTF-8 byte length of the compact serialization (no white space, minimal escapes). */
    public int byteSize() {
        return size(members);
    }

    /** UTF-8 byte length of the compact serialization of a JSON-shaped value. */
    public static int byteSizeOf(Map<String, ?> value) {
        return of(value).byteSize();
    }

    private static Map<String, Object> object(Map<?, ?> map, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nests deeper than " + MAX_DEPTH + " levels");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("a JSON member name must be a string, got " + e.getKey());
            }
            storable("a member name", key);
            copy.put(key, value(e.getValue(), depth));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object value(Object v, int depth) {
        if (v instanceof String text) {
            return storable("a string", text);
        }
        if (v == null || v instanceof Boolean || v instanceof Long) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : new BigDecimal(big);
        }
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            return BigDecimal.valueOf(d);
        }
        if (v instanceof Map<?, ?> map) {
            return object(map, depth + 1);
        }
        if (v instanceof Iterable<?> items) {
            if (depth + 1 > MAX_DEPTH) {
                throw new IllegalArgumentException("JSON nests deeper than " + MAX_DEPTH + " levels");
            }
            List<Object> copy = new ArrayList<>();
            for (Object item : items) {
                copy.add(value(item, depth + 1));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }

    /** The API's one input rule ({@link StorableText}) on every name and string at any depth. */
    private static String storable(String what, String text) {
        String problem = StorableText.problem(text);
        if (problem != null) {
            throw new IllegalArgumentException(what + " " + problem);
        }
        return text;
    }

    private static int size(Object v) {
        if (v == null) {
            return 4;
        }
        if (v instanceof String s) {
            return stringSize(s);
        }
        if (v instanceof Boolean b) {
            return b ? 4 : 5;
        }
        if (v instanceof Long || v instanceof BigDecimal) {
            return v.toString().length();
        }
        if (v instanceof Map<?, ?> map) {
            int n = 2 + Math.max(0, map.size() - 1);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                n += stringSize((String) e.getKey()) + 1 + size(e.getValue());
            }
            return n;
        }
        List<?> list = (List<?>) v;
        int n = 2 + Math.max(0, list.size() - 1);
        for (Object item : list) {
            n += size(item);
        }
        return n;
    }

    /** Quotes, the short escapes, {@code \\u00XX} for other controls, UTF-8 for the rest. */
    private static int stringSize(String s) {
        int n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') {
                n += 2;
            } else if (c < 0x20) {
                n += 6;
            } else if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
