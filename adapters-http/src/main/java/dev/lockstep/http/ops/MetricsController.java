package dev.lockstep.http.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * {@code GET /metrics}: Prometheus text. Includes request timings ({@code http.server.requests}),
 * problems by code ({@code lockstep.problems}, e.g. {@code code="tenant_write_conflict"}), purge
 * durations, IdP push failures, and the meters that explain a conflict ({@code
 * lockstep_lock_wait_seconds}, {@code lockstep_conflicts_total}, {@code
 * lockstep_storage_failures_total}: see {@link dev.lockstep.http.support.LockstepMeters}).
 */
@Controller
@Hidden
public class MetricsController {
    private final PrometheusMeterRegistry registry;

    public MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Get("/metrics")
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String scrape() {
        return registry.scrape();
    }
}
