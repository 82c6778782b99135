package dev.lockstep.http.stack;

import dev.lockstep.application.stack.TearDownStack;
import dev.lockstep.application.stack.TeardownSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stack teardown in rounds on one background thread from start-up on. Each round asks the
 * storage for stacks {@code deleting} longer than the teardown delay, so stacks left {@code deleting}
 * by a crash or a restart are torn down after start-up too, and several instances on one database
 * share the work safely (the removal re-checks under the row lock; exactly one wins).
 *
 * <p>The polling period is half the delay, kept between 50 ms and 250 ms, so a stack goes at most
 * that much after its delay. A round that finds a tenant being purged leaves its stacks for a later
 * round ({@link TearDownStack}); an unexpected failure of a round is logged and the next round runs.
 */
@Context
public class StackTeardownScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(StackTeardownScheduler.class);
    private static final Duration MIN_PERIOD = Duration.ofMillis(50);
    private static final Duration MAX_PERIOD = Duration.ofMillis(250);

    private final TearDownStack tearDown;
    private final ScheduledExecutorService executor;
    private final Counter removed;
    private final Counter deferred;

    public StackTeardownScheduler(TearDownStack tearDown, TeardownSettings settings, MeterRegistry meters) {
        this.tearDown = tearDown;
        this.removed = Counter.builder("lockstep.stacks.teardown.removed")
                .description("stacks torn down")
                .register(meters);
        this.deferred = Counter.builder("lockstep.stacks.teardown.deferred")
                .description("teardowns put off (tenant being purged, row lock busy, storage unavailable)")
                .register(meters);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stack-teardown");
            t.setDaemon(true);
            return t;
        });
        long period = period(settings.delay()).toMillis();
        executor.scheduleWithFixedDelay(this::round, 0, period, TimeUnit.MILLISECONDS);
    }

    static Duration period(Duration delay) {
        Duration half = delay.dividedBy(2);
        if (half.compareTo(MIN_PERIOD) < 0) {
            return MIN_PERIOD;
        }
        return half.compareTo(MAX_PERIOD) > 0 ? MAX_PERIOD : half;
    }

    private void round() {
        try {
            TearDownStack.Round round = tearDown.runDue();
            removed.increment(round.removed());
            deferred.increment(round.deferred());
        } catch (RuntimeException e) {
            // a bug or a broken storage must not stop later rounds (the scheduler would die silently)
            LOG.error("stack teardown round failed; the next round retries", e);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
