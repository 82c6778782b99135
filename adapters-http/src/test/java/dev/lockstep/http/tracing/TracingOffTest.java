package dev.lockstep.http.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.application.LockWaits;
import dev.lockstep.domain.org.OrganizationSync;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import dev.lockstep.http.support.LockstepMeters;
import dev.lockstep.http.testing.TestServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.filter.HttpServerFilter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tracing costs nothing unless an exporter is named: without {@code OTEL_TRACES_EXPORTER}, or with
 * {@code none}, the server has none of the tracing module's beans (no SDK, no exporter thread, no
 * tracing filter in front of each request) and the storage gets the plain meters and ports.
 */
class TracingOffTest {

    @Test
    void withoutAnExporterNothingOfTracingExists() {
        try (TestServer server = TestServer.start(TestServer.Storage.MEMORY)) {
            assertOff(server.context());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", " none ", ""})
    void anExporterOfNoneIsOffToo(String exporter) {
        try (TestServer server =
                TestServer.start(TestServer.Storage.MEMORY, Map.of("otel.traces.exporter", exporter))) {
            assertOff(server.context());
        }
    }

    @Test
    void namingAnExporterTurnsItOn() {
        // nothing listens on the endpoint; no request is sent, so nothing is exported
        try (TestServer server = TestServer.start(
                TestServer.Storage.MEMORY,
                Map.of("otel.traces.exporter", "otlp", "otel.exporter.otlp.endpoint", "http://127.0.0.1:9"))) {
            ApplicationContext context = server.context();
            assertThat(context.containsBean(OpenTelemetry.class)).isTrue();
            assertThat(context.getBean(TenantWriteLocks.class)).isInstanceOf(TracedTenantWriteLocks.class);
            assertThat(context.getBean(LockWaits.class)).isInstanceOf(TracingMeters.class);
        }
    }

    private static void assertOff(ApplicationContext context) {
        assertThat(context.containsBean(OpenTelemetry.class)).as("an SDK").isFalse();
        assertThat(context.containsBean(Tracer.class)).as("a tracer").isFalse();
        assertThat(context.containsBean(StorageSpans.class)).isFalse();
        assertThat(context.getBeansOfType(HttpServerFilter.class))
                .as("Micronaut's tracing filter")
                .noneMatch(f -> f.getClass().getName().startsWith("io.micronaut.tracing"));
        assertThat(context.getBean(LockWaits.class)).isInstanceOf(LockstepMeters.class);
        assertThat(context.getBean(BatchSizeMeter.class)).isInstanceOf(LockstepMeters.class);
        assertThat(context.getBean(TenantWriteLocks.class)).isNotInstanceOf(TracedTenantWriteLocks.class);
        assertThat(context.getBean(OrganizationSync.class)).isNotInstanceOf(TracedOrganizationSync.class);
    }
}
