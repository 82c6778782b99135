package dev.lockstep.http.logging;

import dev.lockstep.http.InvalidSettingException;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import java.util.Optional;

/**
 * The log settings, judged at start-up like every other setting. {@code lockstep.log.format} must be
 * {@code text} or {@code json}, and must be what logging itself saw: logging starts before the
 * configuration files are read, so a format set only in one of them would silently be ignored.
 * {@code lockstep.log.requests} must be {@code true} or {@code false}.
 */
@Context
final class LogSettingsCheck {

    LogSettingsCheck(Environment environment) {
        Optional<String> format = environment.getProperty(LogFormat.PROPERTY, String.class);
        if (format.isPresent()) {
            LogFormat wanted = LogFormat.parse(format.get())
                    .orElseThrow(() -> new InvalidSettingException(
                            LogFormat.PROPERTY + " must be text or json, got " + format.get()));
            if (LogFormat.parse(LogFormat.configured()).orElse(LogFormat.TEXT) != wanted) {
                throw new InvalidSettingException(LogFormat.PROPERTY + "=" + wanted
                        + " is read when logging starts, before any configuration file: set the environment variable "
                        + LogFormat.ENVIRONMENT_VARIABLE + " (or -D" + LogFormat.PROPERTY + ")");
            }
        }
        environment
                .getProperty(RequestLog.SETTING, String.class)
                .filter(value -> !value.equals("true") && !value.equals("false"))
                .ifPresent(value -> {
                    throw new InvalidSettingException(RequestLog.SETTING + " must be true or false, got " + value);
                });
    }
}
