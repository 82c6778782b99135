package dev.lockstep.http.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.lockstep.http.InvalidSettingException;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The log settings stop start-up with one line when wrong, like every other setting. */
class LogSettingsCheckTest {

    private static String startFailure(Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>(Map.of("lockstep.bootstrap-admin-key", "a-key"));
        properties.putAll(settings);
        try (ApplicationContext context =
                ApplicationContext.builder().properties(properties).start()) {
            return fail("started with " + settings + " (" + context + ")");
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof InvalidSettingException) {
                    return t.getMessage();
                }
            }
            throw e;
        }
    }

    @Test
    void anUnknownFormatIsRefused() {
        assertThat(startFailure(Map.of("lockstep.log.format", "xml")))
                .isEqualTo("lockstep.log.format must be text or json, got xml");
    }

    @Test
    void aFormatLoggingCouldNotSeeIsRefusedRatherThanIgnored() {
        // what this JVM's logging started with (unset: text); the configuration asks for the other one
        LogFormat started = LogFormat.parse(LogFormat.configured()).orElse(LogFormat.TEXT);
        LogFormat other = started == LogFormat.JSON ? LogFormat.TEXT : LogFormat.JSON;

        assertThat(startFailure(Map.of("lockstep.log.format", other.toString())))
                .isEqualTo("lockstep.log.format=" + other
                        + " is read when logging starts, before any configuration file: set the environment variable"
                        + " LOCKSTEP_LOG_FORMAT (or -Dlockstep.log.format)");
    }

    @Test
    void theRequestLogIsOnOrOff() {
        assertThat(startFailure(Map.of("lockstep.log.requests", "yes")))
                .isEqualTo("lockstep.log.requests must be true or false, got yes");
    }

    @Test
    void theRequestLogIsABeanOnlyWhenItIsOn() {
        LogFormat started = LogFormat.parse(LogFormat.configured()).orElse(LogFormat.TEXT);
        Map<String, Object> on = Map.of(
                "lockstep.bootstrap-admin-key", "a-key",
                "lockstep.log.requests", "true",
                "lockstep.log.format", started.toString());
        try (ApplicationContext context =
                ApplicationContext.builder().properties(on).start()) {
            assertThat(context.containsBean(RequestLog.class)).isTrue();
        }
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("lockstep.bootstrap-admin-key", "a-key"))
                .start()) {
            assertThat(context.containsBean(RequestLog.class)).isFalse();
        }
    }
}
