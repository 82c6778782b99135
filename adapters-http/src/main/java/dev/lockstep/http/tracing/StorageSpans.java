package dev.lockstep.http.tracing;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.application.LockWaits;
import dev.lockstep.application.idempotency.IdempotentReplay;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.org.OrganizationSync;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The spans of the storage's work inside a request's trace:
 *
 * <ul>
 *   <li><b>{@code unit write} / {@code unit purge} / {@code unit organization}</b>: one unit of work
 *       ({@link TenantWriteLocks}, {@link OrganizationSync}), from asking for it until it committed
 *       or failed, with {@code lockstep.unit.outcome} = {@code committed}, the API error code it
 *       failed with (e.g. {@code lock_timeout}, {@code tenant_write_conflict}), {@code replayed} (an
 *       idempotent replay: nothing ran) or {@code internal} (a bug, recorded on the span). The tenant
 *       ({@code lockstep.tenant}, or {@code lockstep.tenants}) or the IdP organization ({@code
 *       lockstep.organization}) it was for.
 *   <li><b>{@code lock wait tenant|row|org|slug|connection}</b>: one wait for a lock, or
 *       (PostgreSQL) for a pooled connection, with {@code lockstep.lock.kind} and {@code
 *       lockstep.lock.outcome} = {@code granted} | {@code refused}. The storage reports a wait after
 *       it ended ({@link LockWaits}), on the thread that waited, so the span is made then with its
 *       start set back by the time waited, under the span current on that thread: the unit's, or the
 *       request's for a wait outside a unit (an autocommit statement's connection).
 *   <li><b>group commit</b>: the span current when a shared batch is sent gets {@code
 *       lockstep.group_commit.kind} and {@code lockstep.group_commit.batch_size} ({@link
 *       BatchSizeMeter}).
 * </ul>
 *
 * <p><b>Group commit and whose trace.</b> Requests that share a statement or a unit of work (the env
 * PATCHes of one stack, gated creates) run it on the thread of the one that leads the batch. The
 * shared unit, its lock waits and the batch size therefore land in the <i>leader's</i> trace only;
 * the other members' traces show their server span, which spans the wait for the batch, and nothing
 * of the shared work. (Span links from the shared unit to each member would need the members' span
 * contexts carried through {@code GroupCommit}, which knows nothing of tracing.)
 *
 * <p>Nothing is made outside a trace: work on a thread with no current span (the stack teardown
 * rounds, the sweeps) adds no root spans of its own.
 */
@Singleton
public final class StorageSpans {
    static final AttributeKey<String> UNIT_KIND = AttributeKey.stringKey("lockstep.unit.kind");
    static final AttributeKey<String> UNIT_OUTCOME = AttributeKey.stringKey("lockstep.unit.outcome");
    static final AttributeKey<String> TENANT = AttributeKey.stringKey("lockstep.tenant");
    static final AttributeKey<List<String>> TENANTS = AttributeKey.stringArrayKey("lockstep.tenants");
    static final AttributeKey<String> ORGANIZATION = AttributeKey.stringKey("lockstep.organization");
    static final AttributeKey<String> LOCK_KIND = AttributeKey.stringKey("lockstep.lock.kind");
    static final AttributeKey<String> LOCK_OUTCOME = AttributeKey.stringKey("lockstep.lock.outcome");
    static final AttributeKey<String> BATCH_KIND = AttributeKey.stringKey("lockstep.group_commit.kind");
    static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("lockstep.group_commit.batch_size");
    static final String COMMITTED = "committed";
    static final String REPLAYED = "replayed";
    static final String INTERNAL = "internal";

    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;

    StorageSpans(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry.getTracer("dev.lockstep");
    }

    /** {@code locks} with a span per unit of work. */
    public TenantWriteLocks traced(TenantWriteLocks locks) {
        return new TracedTenantWriteLocks(locks, this);
    }

    /** {@code sync} with a span per unit of work. */
    public OrganizationSync traced(OrganizationSync sync) {
        return new TracedOrganizationSync(sync, this);
    }

    /**
     * Runs {@code work} in a span {@code unit <kind>} made current for it (so the unit's lock waits
     * nest in it), and records how it ended. Outside a trace, just runs it.
     */
    <T> T unit(String kind, Function<SpanBuilder, SpanBuilder> attributes, Supplier<T> work) {
        if (!Span.current().getSpanContext().isValid()) {
            return work.get();
        }
        Span span = attributes
                .apply(tracer.spanBuilder("unit " + kind).setAttribute(UNIT_KIND, kind))
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            T result = work.get();
            span.setAttribute(UNIT_OUTCOME, COMMITTED);
            return result;
        } catch (RuntimeException | Error e) {
            String outcome = outcome(e);
            span.setAttribute(UNIT_OUTCOME, outcome);
            span.setStatus(StatusCode.ERROR, outcome);
            if (outcome.equals(INTERNAL)) {
                span.recordException(e);
            }
            throw e;
        } finally {
            span.end();
        }
    }

    /** What the unit's failure answers: its API error code, a replay, or a bug. */
    static String outcome(Throwable failure) {
        if (failure instanceof DomainException d) {
            return d.code().code();
        }
        return failure instanceof IdempotentReplay ? REPLAYED : INTERNAL;
    }

    /** A lock wait that just ended on this thread, as a finished span under the current one. */
    void lockWait(LockWaits.Kind kind, Duration waited, boolean granted) {
        Context parent = Context.current();
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return;
        }
        Instant end = Instant.now();
        tracer.spanBuilder("lock wait " + kind.wireName())
                .setParent(parent)
                .setStartTimestamp(end.minus(waited))
                .setAttribute(LOCK_KIND, kind.wireName())
                .setAttribute(LOCK_OUTCOME, granted ? "granted" : "refused")
                .startSpan()
                .end(end);
    }

    /** A group-commit batch about to be sent on this thread: its size on the current span. */
    void batch(BatchSizeMeter.Kind kind, int requests) {
        Span current = Span.current();
        if (current.isRecording()) {
            current.setAttribute(BATCH_KIND, kind.wireName());
            current.setAttribute(BATCH_SIZE, (long) requests);
        }
    }

    /**
     * Sends the spans still buffered and stops the exporter: Micronaut's factory leaves the SDK it
     * made running at shutdown, which would drop the last few seconds of spans.
     */
    @PreDestroy
    void flush() {
        if (openTelemetry instanceof OpenTelemetrySdk sdk) {
            sdk.shutdown().join(5, TimeUnit.SECONDS);
        }
    }
}
