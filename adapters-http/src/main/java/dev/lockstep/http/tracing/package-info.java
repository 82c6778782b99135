/**
 * OpenTelemetry traces, on only when {@code OTEL_TRACES_EXPORTER} names an exporter ({@link
 * dev.lockstep.http.tracing.TracingSwitch}); off, no bean of this package exists.
 *
 * <p>Micronaut's tracing module makes the server span of each request (continuing an incoming W3C
 * {@code traceparent}) and exports over OTLP. This package adds, inside that span, what the storage
 * did: a span per unit of work ({@link dev.lockstep.http.tracing.StorageSpans}) and, inside it, a span
 * per lock or connection wait with its outcome, drawn from the storage's own after-the-fact reports
 * ({@link dev.lockstep.application.LockWaits}); and it puts the trace id into the log lines of the
 * request ({@link dev.lockstep.http.tracing.TraceIdFilter}).
 */
@Configuration
@Requires(property = "micronaut.otel.enabled", notEquals = StringUtils.FALSE)
package dev.lockstep.http.tracing;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.util.StringUtils;
