package dev.lockstep.http.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document as plain maps and lists whose leaves may be {@link Raw} text written verbatim, so
 * a value JSON libraries refuse to produce ({@code 1e309}, {@code "\ud800"}, 1,000 levels of
 * nesting) can sit anywhere in an otherwise valid body.
 */
final class JsonTree {
    private JsonTree() {}

    /** JSON text written as is. */
    record Raw(String text) {}

    static Object copy(Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put((String) k, copy(v)));
            return c;
        }
        if (node instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            l.forEach(v -> c.add(copy(v)));
            return c;
        }
        return node;
    }

    /**
     * Sets the member a JSON pointer names (an array index past the end appends); does nothing when
     * the parent is not a container any more (an earlier change replaced it).
     */
    @SuppressWarnings("unchecked")
    static void set(Object root, String pointer, Object value) {
        Object parent = parent(root, pointer);
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        if (parent instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put(last, value);
        } else if (parent instanceof List<?> l && last.matches("\\d+")) {
            int i = Integer.parseInt(last);
            if (i < l.size()) {
                ((List<Object>) l).set(i, value);
            } else {
                ((List<Object>) l).add(value);
            }
        }
    }

    static void remove(Object root, String pointer) {
        Object parent = parent(root, pointer);
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        if (parent instanceof Map<?, ?> m) {
            m.remove(last);
        } else if (parent instanceof List<?> l && last.matches("\\d+") && Integer.parseInt(last) < l.size()) {
            l.remove(Integer.parseInt(last));
        }
    }

    private static Object parent(Object root, String pointer) {
        Object current = root;
        String[] parts = pointer.substring(1).split("/", -1);
        for (int i = 0; i < parts.length - 1 && current != null; i++) {
            if (current instanceof Map<?, ?> m) {
                current = m.get(parts[i]);
            } else if (current instanceof List<?> l
                    && parts[i].matches("\\d+")
                    && Integer.parseInt(parts[i]) < l.size()) {
                current = l.get(Integer.parseInt(parts[i]));
            } else {
                current = null;
            }
        }
        return current;
    }

    static String write(Object node) {
        StringBuilder b = new StringBuilder();
        write(node, b);
        return b.toString();
    }

    private static void write(Object node, StringBuilder b) {
        if (node == null) {
            b.append("null");
        } else if (node instanceof Raw r) {
            b.append(r.text());
        } else if (node instanceof String s) {
            quote(s, b);
        } else if (node instanceof Number || node instanceof Boolean) {
            b.append(node);
        } else if (node instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                quote((String) e.getKey(), b);
                b.append(':');
                write(e.getValue(), b);
            }
            b.append('}');
        } else if (node instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                write(l.get(i), b);
            }
            b.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + node.getClass());
        }
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder();
        quote(s, b);
        return b.toString();
    }

    private static void quote(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }
}
