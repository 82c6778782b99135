package dev.lockstep.http.logging;

import java.util.Locale;
import java.util.Optional;

/**
 * How the console's log lines are written: {@code text} (the default, for a person at a console) or
 * {@code json} (one JSON object a line, for a log pipeline). Logging starts before Micronaut reads
 * any configuration, so the format comes from the system property {@value #PROPERTY} or else the
 * environment variable {@value #ENVIRONMENT_VARIABLE}; {@link LogSettingsCheck} stops start-up when
 * the configuration says something logging could not see.
 */
public enum LogFormat {
    TEXT,
    JSON;

    public static final String PROPERTY = "lockstep.log.format";
    public static final String ENVIRONMENT_VARIABLE = "LOCKSTEP_LOG_FORMAT";

    /** The value logging starts with, as given; {@code null} when neither is set. */
    static String configured() {
        String property = System.getProperty(PROPERTY);
        return property != null ? property : System.getenv(ENVIRONMENT_VARIABLE);
    }

    /** {@code text} or {@code json} in any case; unset or blank is {@code text}; anything else is empty. */
    static Optional<LogFormat> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(TEXT);
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> Optional.of(TEXT);
            case "json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
