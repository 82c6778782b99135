package dev.lockstep.http.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * {@code GET /metrics}: Prometheus text. Includes request timings ({@code http.server.requests}),
 * problems by code ({@code lockstep.problems}, e.g. {@code code="tenant_write_conflict"}), purge
 * durations, lock waits and IdP push failures as the features record them.
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
