package dev.lockstep.http.tracing;

import dev.lockstep.http.support.RequestIds;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.core.propagation.ThreadPropagatedContextElement;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;

/**
 * Joins a request's trace and its logs both ways, right after Micronaut's tracing filter made the
 * server span: the log lines written while the request runs carry {@code traceId} and {@code spanId}
 * (the server span's) in the MDC, on whichever thread they are written, and the server span carries
 * the request's {@code X-Request-Id} as {@code lockstep.request_id}, the id a problem answer quotes.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class TraceIdFilter implements Ordered {
    static final String TRACE_ID = "traceId";
    static final String SPAN_ID = "spanId";
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("lockstep.request_id");

    @RequestFilter
    public void join(HttpRequest<?> request, MutablePropagatedContext propagated) {
        Span span = Span.current();
        SpanContext context = span.getSpanContext();
        if (!context.isValid()) {
            return; // a path the tracing filter leaves out
        }
        span.setAttribute(REQUEST_ID, RequestIds.of(request));
        propagated.add(new TraceMdc(context.getTraceId(), context.getSpanId()));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.TRACING.after();
    }

    /**
     * The ids in the MDC of every thread the request's context is propagated to, for as long as it
     * runs there; what the thread's MDC held before is put back after.
     */
    record TraceMdc(String traceId, String spanId) implements ThreadPropagatedContextElement<String[]> {
        @Override
        public String[] updateThreadContext() {
            String[] before = {MDC.get(TRACE_ID), MDC.get(SPAN_ID)};
            MDC.put(TRACE_ID, traceId);
            MDC.put(SPAN_ID, spanId);
            return before;
        }

        @Override
        public void restoreThreadContext(String[] before) {
            restore(TRACE_ID, before[0]);
            restore(SPAN_ID, before[1]);
        }

        private static void restore(String key, String value) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }
}
