package dev.lockstep.http.tracing;

import io.micronaut.context.env.PropertyExpressionResolver;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.core.value.PropertyResolver;
import java.util.Arrays;
import java.util.Optional;

/**
 * Turns tracing on exactly when {@code otel.traces.exporter} ({@code OTEL_TRACES_EXPORTER}) names an
 * exporter other than {@code none}: the placeholder {@value #EXPRESSION}, which {@code
 * application.yml} gives to {@code micronaut.otel.enabled}.
 *
 * <p>That property switches Micronaut's whole tracing module ({@code io.micronaut.tracing.opentelemetry}
 * and its sub-packages: the SDK, the server and client filters) and this package. Micronaut's own
 * default is on, with an SDK that exports nothing: every request would still make a span and pass
 * through the module's filter. Switched off here, none of those beans exist; a server without {@code
 * OTEL_TRACES_EXPORTER} does no more per request than one without the module. The switch is a
 * placeholder rather than a condition on the module's beans because their conditions are the
 * module's own; it is resolved when the configuration is read, so every way of setting the exporter
 * counts (the environment, a system property, a config file, a test's properties).
 */
public final class TracingSwitch implements PropertyExpressionResolver {
    /** The placeholder's expression, {@code ${lockstep.tracing.exporter-named}}. */
    static final String EXPRESSION = "lockstep.tracing.exporter-named";

    static final String EXPORTER = "otel.traces.exporter";

    @Override
    public <T> Optional<T> resolve(
            PropertyResolver properties, ConversionService conversion, String expression, Class<T> type) {
        if (!EXPRESSION.equals(expression)) {
            return Optional.empty();
        }
        boolean on = properties
                .get(EXPORTER, String.class)
                .map(TracingSwitch::namesAnExporter)
                .orElse(false);
        return Optional.of(conversion.convertRequired(on, type));
    }

    /** {@code otlp}, {@code otlp,console}: yes; empty, {@code none}: no (the SDK's own reading). */
    static boolean namesAnExporter(String exporters) {
        return Arrays.stream(exporters.split(","))
                .map(String::trim)
                .anyMatch(name -> !name.isEmpty() && !name.equalsIgnoreCase("none"));
    }
}
