package dev.lockstep.http.support;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * {@code X-Request-Id}: echoed when the client sends a sane one, generated otherwise; it appears in
 * problems and, as the MDC's {@value #MDC_KEY}, on every log line written while the request runs.
 * Runs before every other filter.
 *
 * <p>The MDC entry travels with the request's propagated context ({@link MdcPropagationContext}):
 * Micronaut applies it on each thread that runs a part of the request (the event loop, then the
 * {@code @ExecuteOn} blocking thread, then the event loop again for the answer) and restores the
 * thread's previous MDC when that part ends, so no id stays behind on a thread after its request.
 * An {@code MdcPropagationContext} sets the whole MDC: one added later for another key (a trace id)
 * must start from a map that has this one's {@value #MDC_KEY}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class RequestIds implements Ordered {
    public static final String HEADER = "X-Request-Id";
    /** The MDC key, and so the JSON log field, of the request's id. */
    public static final String MDC_KEY = "requestId";

    static final String ATTRIBUTE = "lockstep.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:/+=-]{1,200}");

    /** The id of this request (made on first use if the filter has not run, e.g. for early errors). */
    public static String of(@Nullable HttpRequest<?> request) {
        if (request == null) {
            return newId();
        }
        return request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> {
            String id = fromHeader(request);
            request.setAttribute(ATTRIBUTE, id);
            return id;
        });
    }

    private static String fromHeader(HttpRequest<?> request) {
        String sent = request.getHeaders().get(HEADER);
        return sent != null && SANE.matcher(sent).matches() ? sent : newId();
    }

    /**
     * A random (version 4 layout) id. A request id must be unique, not unguessable, so it comes from
     * {@link ThreadLocalRandom} rather than {@code UUID.randomUUID()}, whose shared SecureRandom is a
     * lock every request would queue on.
     */
    static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    @RequestFilter
    public void assign(HttpRequest<?> request, MutablePropagatedContext context) {
        context.add(new MdcPropagationContext(withRequestId(of(request))));
    }

    /** The MDC as it is (empty on an event loop) plus the request's id. */
    private static Map<String, String> withRequestId(String id) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        if (mdc == null || mdc.isEmpty()) {
            return Map.of(MDC_KEY, id);
        }
        Map<String, String> with = new HashMap<>(mdc);
        with.put(MDC_KEY, id);
        return with;
    }

    @ResponseFilter
    public void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header(HEADER, of(request));
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }
}
