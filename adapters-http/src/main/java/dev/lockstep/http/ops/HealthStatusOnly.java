package dev.lockstep.http.ops;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.management.health.indicator.HealthResult;
import java.util.Map;

/**
 * {@code /health}, {@code /health/liveness} and {@code /health/readiness} need no key, so they show
 * only {@code {"status": "UP"|"DOWN"}}: no indicator names, no database details (Micronaut would
 * print its null {@code name} and {@code details} members, since the API never drops nulls). The
 * HTTP status (200 or 503) is Micronaut's.
 */
@ServerFilter({"/health", "/health/**"})
public final class HealthStatusOnly {

    @ResponseFilter
    public @Nullable HttpResponse<?> statusOnly(MutableHttpResponse<?> response) {
        if (response.getBody().orElse(null) instanceof HealthResult result) {
            return response.body(Map.of("status", result.getStatus().getName()));
        }
        return null;
    }
}
