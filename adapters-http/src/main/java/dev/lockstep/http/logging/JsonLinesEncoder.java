package dev.lockstep.http.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object a line, for log pipelines:
 *
 * <pre>{"time":"2026-12-08T09:15:02.123Z","level":"INFO","logger":"…","thread":"…","message":"…",
 *  "requestId":"…","status":404,"exception":"java.lang.…\n\tat …"}</pre>
 *
 * <p>{@code time} (ISO-8601, UTC), {@code level}, {@code logger}, {@code thread} and {@code message}
 * are always there. Then every MDC entry as a field of its own: {@code requestId} while a request
 * runs ({@link dev.lockstep.http.support.RequestIds}), and any other key put there, such as a trace
 * id ({@code traceId}); then the line's SLF4J key-value pairs (numbers and booleans as JSON numbers
 * and booleans); then {@code exception}, the stack trace as one string, when the line has one. A name
 * already written is not written again, so every line is an object with distinct names.
 *
 * <p>Logback's own {@code JsonEncoder} nests the MDC and key-value pairs under objects of their own
 * and writes the time as epoch milliseconds; a pipeline's field extraction wants the flat object.
 */
public final class JsonLinesEncoder extends EncoderBase<ILoggingEvent> {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder json = new StringBuilder(256);
        Set<String> written = new HashSet<>();
        json.append('{');
        field(json, written, "time", DateTimeFormatter.ISO_INSTANT.format(event.getInstant()));
        field(json, written, "level", event.getLevel().toString());
        field(json, written, "logger", event.getLoggerName());
        field(json, written, "thread", event.getThreadName());
        field(json, written, "message", event.getFormattedMessage());
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            for (Map.Entry<String, String> e : mdc.entrySet()) {
                field(json, written, e.getKey(), e.getValue());
            }
        }
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                field(json, written, pair.key, pair.value);
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            field(json, written, "exception", ThrowableProxyUtil.asString(thrown));
        }
        json.append("}\n");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder json, Set<String> written, String name, Object value) {
        if (name == null || !written.add(name)) {
            return;
        }
        if (written.size() > 1) {
            json.append(',');
        }
        string(json, name);
        json.append(':');
        if (value == null) {
            json.append("null");
        } else if (value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            json.append(value);
        } else if ((value instanceof Double || value instanceof Float)
                && Double.isFinite(((Number) value).doubleValue())) {
            json.append(value);
        } else {
            string(json, String.valueOf(value));
        }
    }

    /** A JSON string (RFC 8259): quote, backslash and the control characters escaped. */
    static void string(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20) {
                        json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
