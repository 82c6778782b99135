package dev.lockstep.http.tracing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.MDC;

/**
 * What a log line written by a controller would carry: the MDC's trace and span ids, read on the
 * blocking thread every controller runs on. Present only in the servers {@link TracingHttpContract}
 * starts.
 */
@Controller("/tracing-fixture")
@Requires(property = TracingHttpContract.MDC_FIXTURE, value = "true")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TraceMdcFixture {
    @Get(uri = "/mdc", produces = MediaType.TEXT_PLAIN)
    public String mdc() {
        return MDC.get(TraceIdFilter.TRACE_ID) + " " + MDC.get(TraceIdFilter.SPAN_ID);
    }
}
