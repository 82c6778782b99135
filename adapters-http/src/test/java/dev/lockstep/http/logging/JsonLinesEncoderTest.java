package dev.lockstep.http.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** What a log pipeline gets from one event: one line, one JSON object, the event's facts as fields. */
class JsonLinesEncoderTest {
    private final LoggerContext logging = new LoggerContext();
    private final Logger logger = logging.getLogger("dev.lockstep.sample.StackTeardown");
    private final JsonLinesEncoder encoder = new JsonLinesEncoder();

    @BeforeEach
    void start() {
        encoder.setContext(logging);
        encoder.start();
    }

    private LoggingEvent event(Level level, Map<String, String> mdc, String message, Throwable thrown, Object... args) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, level, message, thrown, args);
        event.setThreadName("io-executor-thread-7");
        event.setInstant(Instant.parse("2026-12-08T09:15:02.123Z"));
        event.setMDCPropertyMap(mdc);
        return event;
    }

    private Map<String, Object> line(LoggingEvent event) {
        String text = new String(encoder.encode(event), StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        String line = text.substring(0, text.length() - 1);
        assertThat(line).as("one line").doesNotContain("\n").doesNotContain("\r");
        return JsonLine.parse(line);
    }

    @Test
    void aLineIsOneObjectWithTimeLevelLoggerThreadAndMessage() {
        Map<String, Object> line = line(event(Level.INFO, Map.of(), "stack {} torn down after {} s", null, "web", 2));

        assertThat(line)
                .containsExactly(
                        Map.entry("time", "2026-12-08T09:15:02.123Z"),
                        Map.entry("level", "INFO"),
                        Map.entry("logger", "dev.lockstep.sample.StackTeardown"),
                        Map.entry("thread", "io-executor-thread-7"),
                        Map.entry("message", "stack web torn down after 2 s"));
    }

    @Test
    void theMdcAndKeyValuePairsBecomeFieldsAndTheExceptionOneString() {
        IllegalStateException thrown =
                new IllegalStateException("push failed: \"org_1\"\nretried", new IOException("connection reset"));
        LoggingEvent event = event(
                Level.WARN,
                Map.of("requestId", "3f2a-req", "traceId", "4bf92f3577b34da6a3ce929d0e0e4736"),
                "request failed",
                thrown);
        event.addKeyValuePair(new KeyValuePair("status", 503));
        event.addKeyValuePair(new KeyValuePair("durationMs", 12L));
        event.addKeyValuePair(new KeyValuePair("retryable", true));
        event.addKeyValuePair(new KeyValuePair("code", "storage_unavailable"));
        // a pair named like a fixed field does not make a second "level"
        event.addKeyValuePair(new KeyValuePair("level", "shadow"));

        Map<String, Object> line = line(event);

        assertThat(line)
                .containsEntry("level", "WARN")
                .containsEntry("message", "request failed")
                .containsEntry("requestId", "3f2a-req")
                .containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736")
                .containsEntry("status", 503L)
                .containsEntry("durationMs", 12L)
                .containsEntry("retryable", true)
                .containsEntry("code", "storage_unavailable");
        assertThat((String) line.get("exception"))
                .startsWith("java.lang.IllegalStateException: push failed: \"org_1\"\nretried\n")
                .contains("\tat dev.lockstep.http.logging.JsonLinesEncoderTest.")
                .contains("Caused by: java.io.IOException: connection reset");
        assertThat(line.keySet()).last().isEqualTo("exception");
    }

    @Test
    void quotesBackslashesControlCharactersAndNonAsciiTextSurviveInsideTheOneLine() {
        String message = "a\"b\\c\nd\re\tf\u0001g\u001fh\bi\fj é ✓ 😀 \u2028";

        assertThat(line(event(Level.ERROR, Map.of(), message, null))).containsEntry("message", message);
    }

    @Test
    void aNullMessageOrMdcValueIsJsonNull() {
        LoggingEvent event = event(Level.DEBUG, Collections.singletonMap("requestId", null), null, null);

        assertThat(line(event)).containsEntry("message", null).containsEntry("requestId", null);
    }
}
