package dev.lockstep.http.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.testing.TestServer;
import dev.lockstep.http.tracing.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Traces on, black-box: a real server on each storage exports over OTLP/HTTP (protobuf) to a real
 * receiver in the test ({@link OtlpReceiver}), configured only with the standard {@code otel.*}
 * settings (the {@code OTEL_*} variables). A PATCH of a stack's env sent with a W3C {@code
 * traceparent} must arrive as: the server span, a child of the caller's span in the caller's trace;
 * the unit of work, a child of the server span; each lock (and, on PostgreSQL, connection) wait, a
 * child of the unit, with its outcome.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TracingHttpContract {
    static final String MDC_FIXTURE = "lockstep.test.trace-mdc-fixture";
    static final Duration LOCK_TIMEOUT = Duration.ofMillis(300);

    OtlpReceiver receiver;
    TestServer server;

    abstract TestServer.Storage storage();

    /** The waits a PATCH of a stack's env reports, in the order the storage takes them. */
    abstract List<String> patchLockWaits();

    /** Holds the stack's row lock like another client would, until closed. */
    abstract AutoCloseable holdRowLock(String tenant, String slug) throws Exception;

    @BeforeAll
    void start() throws IOException {
        receiver = new OtlpReceiver();
        Map<String, Object> props = new HashMap<>();
        props.put("otel.traces.exporter", "otlp");
        props.put("otel.exporter.otlp.endpoint", receiver.endpoint());
        props.put("otel.bsp.schedule.delay", "20"); // ms: the test waits for each batch
        // ms: an export the loaded machine slows down must not be given up (and its spans dropped)
        props.put("otel.exporter.otlp.timeout", "60000");
        props.put("lockstep.stacks.env-lock-timeout", LOCK_TIMEOUT.toMillis() + "ms");
        props.put(MDC_FIXTURE, "true");
        if (storage() == TestServer.Storage.POSTGRES) {
            props.put("datasources.default.maximum-pool-size", 4);
            props.put("datasources.default.minimum-idle", 1);
        }
        server = TestServer.start(storage(), props);
    }

    @AfterAll
    void stop() {
        try {
            server.close();
        } finally {
            receiver.close();
        }
    }

    @AfterEach
    void everyExportWasOtlpHttpProtobuf() {
        assertThat(receiver.refused()).isEmpty();
    }

    @Test
    void aPatchContinuesTheCallersTraceWithItsUnitOfWorkAndEachLockWaitInside() {
        String tenant = newTenant();
        createStack(tenant, "app");
        String trace = hex(16);
        String callerSpan = hex(8);
        String requestId = "trace-test-" + UUID.randomUUID();

        TestServer.Response patched = server.send(
                "PATCH",
                envPath(tenant, "app"),
                "{\"env\":{\"A\":\"1\"}}",
                server.adminKey(),
                Map.of("traceparent", "00-" + trace + "-" + callerSpan + "-01", "X-Request-Id", requestId));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);

        List<ReceivedSpan> spans = awaitTrace(trace, patchLockWaits());
        ReceivedSpan request = serverSpan(spans);
        assertThat(request.parentSpanId())
                .as("the caller's span is the server span's parent")
                .isEqualTo(callerSpan);
        assertThat(request.service()).isEqualTo("lockstep");
        assertThat(request.name()).isEqualTo("PATCH /v1/tenants/{tenantId}/stacks/{slug}/env");
        assertThat(request.attribute("lockstep.request_id")).isEqualTo(requestId);
        assertThat(request.attribute("lockstep.group_commit.kind")).isEqualTo("stack_env_merge");
        assertThat(request.attribute("lockstep.group_commit.batch_size")).isEqualTo("1");

        ReceivedSpan unit = only(spans, "unit write");
        assertThat(unit.parentSpanId())
                .as("the unit is the server span's child")
                .isEqualTo(request.spanId());
        assertThat(unit.attribute("lockstep.unit.outcome")).isEqualTo("committed");
        assertThat(unit.attribute("lockstep.tenant")).isEqualTo(tenant);

        assertThat(childrenOf(spans, unit)).as("the unit's lock waits").isEqualTo(waitNames(patchLockWaits()));
        for (String kind : patchLockWaits()) {
            ReceivedSpan wait = only(spans, "lock wait " + kind);
            assertThat(wait.parentSpanId()).isEqualTo(unit.spanId());
            assertThat(wait.attribute("lockstep.lock.kind")).isEqualTo(kind);
            assertThat(wait.attribute("lockstep.lock.outcome")).isEqualTo("granted");
        }
    }

    @Test
    void aRowLockHeldElsewhereIsARefusedWaitAndTheUnitEndsWithLockTimeout() throws Exception {
        String tenant = newTenant();
        createStack(tenant, "busy");
        String trace = hex(16);
        TestServer.Response refused;
        // the row lock is held from outside for the whole PATCH, which waits its bound for it
        try (AutoCloseable held = holdRowLock(tenant, "busy")) {
            refused = server.send(
                    "PATCH",
                    envPath(tenant, "busy"),
                    "{\"env\":{\"A\":\"1\"}}",
                    server.adminKey(),
                    Map.of("traceparent", "00-" + trace + "-" + hex(8) + "-01"));
        }
        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.object()).containsEntry("code", "lock_timeout");

        List<ReceivedSpan> spans = awaitTrace(trace, patchLockWaits());
        ReceivedSpan request = serverSpan(spans);
        ReceivedSpan unit = only(spans, "unit write");
        assertThat(unit.parentSpanId()).isEqualTo(request.spanId());
        assertThat(unit.attribute("lockstep.unit.outcome")).isEqualTo("lock_timeout");
        ReceivedSpan row = only(spans, "lock wait row");
        assertThat(row.parentSpanId()).isEqualTo(unit.spanId());
        assertThat(row.attribute("lockstep.lock.outcome")).isEqualTo("refused");
        assertThat(only(spans, "lock wait tenant").attribute("lockstep.lock.outcome"))
                .as("the tenant lock was free")
                .isEqualTo("granted");
    }

    @Test
    void aRequestWithoutTraceparentStartsATraceOfItsOwn() {
        String tenant = newTenant();
        TestServer.Response created = server.send("POST", "/v1/tenants/" + tenant + "/stacks", "{\"slug\":\"solo\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String requestId = created.header("X-Request-Id");

        awaitSpans("the create's server span arrived", () -> receiver.spans().stream()
                .anyMatch(s -> requestId.equals(s.attribute("lockstep.request_id"))));
        ReceivedSpan request = receiver.spans().stream()
                .filter(s -> requestId.equals(s.attribute("lockstep.request_id")))
                .findFirst()
                .orElseThrow();
        assertThat(request.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
        assertThat(request.parentSpanId()).as("a root span").isEmpty();
        awaitSpans("the create's unit arrived", () -> trace(request.traceId()).stream()
                .anyMatch(s -> s.name().equals("unit write")));
        assertThat(only(trace(request.traceId()), "unit write").parentSpanId()).isEqualTo(request.spanId());
    }

    @Test
    void theLogLinesOfARequestCarryItsTraceAndServerSpanIds() {
        String trace = hex(16);
        TestServer.Response seen = server.send(
                "GET", "/tracing-fixture/mdc", null, null, Map.of("traceparent", "00-" + trace + "-" + hex(8) + "-01"));
        assertThat(seen.status()).as(seen.toString()).isEqualTo(200);

        awaitSpans("the fixture's server span arrived", () -> !trace(trace).isEmpty());
        ReceivedSpan request = serverSpan(trace(trace));
        assertThat(seen.body()).isEqualTo(trace + " " + request.spanId());

        TestServer.Response next = server.send("GET", "/tracing-fixture/mdc", null, null);
        assertThat(next.body().split(" ")[0])
                .as("the next request's lines carry its own trace, not the last one's")
                .matches("[0-9a-f]{32}")
                .isNotEqualTo(trace);
    }

    /** Every span of {@code trace}, once its server span and the named lock waits have all arrived. */
    List<ReceivedSpan> awaitTrace(String trace, List<String> lockWaits) {
        Set<String> expected = waitNames(lockWaits);
        try {
            awaitSpans("the trace's server span, unit and lock waits arrived", () -> {
                List<ReceivedSpan> spans = trace(trace);
                Set<String> names = spans.stream().map(ReceivedSpan::name).collect(Collectors.toSet());
                return names.containsAll(expected)
                        && names.contains("unit write")
                        && spans.stream().anyMatch(s -> s.kind() == SpanKind.SPAN_KIND_SERVER);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; of trace " + trace + " arrived " + trace(trace), e);
        }
        return trace(trace);
    }

    /**
     * Like {@code Await.until}, with a longer bound: a span reaches the receiver through the batch
     * processor and an HTTP export, the first of which also loads the exporter's client, and on a
     * loaded machine that took more than ten seconds. The bound only ends a broken run.
     */
    static void awaitSpans(String what, BooleanSupplier arrived) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!arrived.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    List<ReceivedSpan> trace(String trace) {
        return receiver.spans().stream().filter(s -> s.traceId().equals(trace)).toList();
    }

    static ReceivedSpan serverSpan(List<ReceivedSpan> spans) {
        List<ReceivedSpan> server = spans.stream()
                .filter(s -> s.kind() == SpanKind.SPAN_KIND_SERVER)
                .toList();
        assertThat(server).as("one server span in the trace").hasSize(1);
        return server.get(0);
    }

    static ReceivedSpan only(List<ReceivedSpan> spans, String name) {
        List<ReceivedSpan> named =
                spans.stream().filter(s -> s.name().equals(name)).toList();
        assertThat(named).as("one span '%s' in %s", name, spans).hasSize(1);
        return named.get(0);
    }

    static Set<String> childrenOf(List<ReceivedSpan> spans, ReceivedSpan parent) {
        return spans.stream()
                .filter(s -> s.parentSpanId().equals(parent.spanId()))
                .map(ReceivedSpan::name)
                .collect(Collectors.toSet());
    }

    static Set<String> waitNames(List<String> kinds) {
        return kinds.stream().map(k -> "lock wait " + k).collect(Collectors.toSet());
    }

    void createStack(String tenant, String slug) {
        TestServer.Response created =
                server.send("POST", "/v1/tenants/" + tenant + "/stacks", "{\"slug\":\"" + slug + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    static String envPath(String tenant, String slug) {
        return "/v1/tenants/" + tenant + "/stacks/" + slug + "/env";
    }

    static String newTenant() {
        return "t-" + UUID.randomUUID();
    }

    /** {@code bytes} random bytes in lowercase hex, never all zero (an invalid W3C id). */
    static String hex(int bytes) {
        byte[] id = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(id);
        id[0] |= 1;
        return HexFormat.of().formatHex(id);
    }
}
