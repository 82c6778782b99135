package dev.lockstep.http.support;

import dev.lockstep.application.idempotency.RemoveExpiredAnswers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes stored {@code Idempotency-Key} answers past {@code lockstep.idempotency.ttl} every
 * {@value #PERIOD_MINUTES} minutes on one background thread, the first time a minute after start-up.
 * An expired answer already counts as absent, so this only keeps the table at about one TTL's worth
 * of keys; several instances sweeping one database at once skip each other's rows. A failed round is
 * logged and the next one runs.
 */
@Context
public class ExpiredAnswersSweep {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiredAnswersSweep.class);
    static final long PERIOD_MINUTES = 10;

    private final RemoveExpiredAnswers sweep;
    private final ScheduledExecutorService executor;
    private final Counter removed;

    public ExpiredAnswersSweep(RemoveExpiredAnswers sweep, MeterRegistry meters) {
        this.sweep = sweep;
        this.removed = Counter.builder("lockstep.idempotency.expired.removed")
                .description("stored Idempotency-Key answers removed after their TTL")
                .register(meters);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "idempotency-sweep");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::round, 60, PERIOD_MINUTES * 60, TimeUnit.SECONDS);
    }

    private void round() {
        try {
            removed.increment(sweep.run());
        } catch (RuntimeException e) {
            // a broken storage must not stop later rounds (the executor would drop the task silently)
            LOG.warn("idempotency answer sweep failed; the next round retries", e);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
