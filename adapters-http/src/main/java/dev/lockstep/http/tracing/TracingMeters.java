package dev.lockstep.http.tracing;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.application.LockWaits;
import dev.lockstep.http.support.LockstepMeters;
import io.micronaut.context.annotation.Primary;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * What the storage and the group commits report (lock waits, batch sizes), to the meters and, while
 * tracing is on, to the trace. The one {@link LockWaits} and {@link BatchSizeMeter} the storage and
 * the use cases get then ({@link Primary} over {@link LockstepMeters}, which it feeds first).
 */
@Singleton
@Primary
final class TracingMeters implements LockWaits, BatchSizeMeter {
    private final LockstepMeters meters;
    private final StorageSpans spans;

    TracingMeters(LockstepMeters meters, StorageSpans spans) {
        this.meters = meters;
        this.spans = spans;
    }

    @Override
    public void waited(LockWaits.Kind kind, Duration waited, boolean granted) {
        meters.waited(kind, waited, granted);
        spans.lockWait(kind, waited, granted);
    }

    @Override
    public void sent(BatchSizeMeter.Kind kind, int requests) {
        meters.sent(kind, requests);
        spans.batch(kind, requests);
    }
}
