package dev.lockstep.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.context.exceptions.ConfigurationException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a start-up failure into the one-line reason an operator needs. */
final class StartupFailure {
    /**
     * One bean-validation failure of a settings record as Micronaut lists it:
     * {@code dev.lockstep.http.config.TenantProperties.purgeLockTimeout - must be > 0, got PT0S}.
     */
    private static final Pattern VIOLATION = Pattern.compile("^\\s*([\\w.$]+)\\.(\\w+) - (.+)$", Pattern.MULTILINE);

    private StartupFailure() {}

    static String reason(Throwable failure) {
        // prefer our own configuration messages, which name the property and the rule
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidSettingException) {
                return t.getMessage();
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BeanInstantiationException && t.getMessage() != null) {
                Optional<String> violation = settingViolation(t.getMessage());
                if (violation.isPresent()) {
                    return violation.get();
                }
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException && t.getMessage() != null) {
                return oneLine(t.getMessage());
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return oneLine(root.getClass().getSimpleName() + ": " + root.getMessage());
    }

    /** The violated setting named as the operator writes it: {@code lockstep.tenant.purge-lock-timeout}. */
    private static Optional<String> settingViolation(String message) {
        Matcher m = VIOLATION.matcher(message);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            ConfigurationProperties settings = Class.forName(m.group(1)).getAnnotation(ConfigurationProperties.class);
            if (settings == null) {
                return Optional.empty();
            }
            String property =
                    m.group(2).replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
            return Optional.of(settings.value() + "." + property + " " + oneLine(m.group(3)));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    private static String oneLine(String s) {
        String line = s.strip().lines().findFirst().orElse(s);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
