package dev.lockstep.http.logging;

import dev.lockstep.http.support.Problems;
import dev.lockstep.http.support.RequestIds;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * With {@code lockstep.log.requests=true}, one INFO line per answered request: method, path, status,
 * the problem's {@code code} when the answer is a problem, and the time the server took, as the
 * message and as fields of a JSON line ({@code method}, {@code path}, {@code status}, {@code code},
 * {@code durationMs}). Like every line written while a request runs it carries the request's {@code
 * requestId}, so the {@code requestId} of a problem a client reports finds its line. Off by default:
 * a line per request costs throughput, and expected outcomes (conflicts, timeouts) are otherwise
 * not logged at all. Runs right after {@link RequestIds}, so its time covers every other filter.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = RequestLog.SETTING, value = "true")
public final class RequestLog implements Ordered {
    static final String SETTING = "lockstep.log.requests";
    private static final String STARTED = "lockstep.requestLog.startedNanos";
    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);

    @RequestFilter
    public void start(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    @ResponseFilter
    public void log(HttpRequest<?> request, MutableHttpResponse<?> response) {
        long took = request.getAttribute(STARTED, Long.class)
                .map(started -> (System.nanoTime() - started) / 1_000_000)
                .orElse(0L);
        String code = problemCode(response);
        LoggingEventBuilder line = log.atInfo()
                .addKeyValue("method", request.getMethodName())
                .addKeyValue("path", request.getPath())
                .addKeyValue("status", response.code());
        if (code != null) {
            line = line.addKeyValue("code", code);
        }
        line.addKeyValue("durationMs", took)
                .log(
                        "{} {} {}{} in {} ms",
                        request.getMethodName(),
                        request.getPath(),
                        response.code(),
                        code == null ? "" : " " + code,
                        took);
    }

    /** The {@code code} of a problem+json answer, or null. */
    private static String problemCode(MutableHttpResponse<?> response) {
        boolean problem = response.getContentType()
                .map(MediaType::getName)
                .filter(Problems.PROBLEM_JSON_TYPE::equals)
                .isPresent();
        if (problem
                && response.getBody().orElse(null) instanceof Map<?, ?> body
                && body.get("code") instanceof String c) {
            return c;
        }
        return null;
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 1;
    }
}
