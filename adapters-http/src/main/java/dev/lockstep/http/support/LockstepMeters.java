package dev.lockstep.http.support;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.application.LockWaits;
import dev.lockstep.domain.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Context;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The meters that explain a conflict, on {@code /metrics}:
 *
 * <ul>
 *   <li>{@code lockstep_lock_wait_seconds} (histogram) by {@code kind} = tenant | row | org | slug |
 *       connection and {@code outcome} = granted | refused: how long the storage waited for each lock,
 *       and (PostgreSQL) for its turn at a pooled connection;
 *   <li>{@code lockstep_conflicts_total} by {@code code}: answers that were a conflict (409s and
 *       {@code lock_timeout});
 *   <li>{@code lockstep_storage_failures_total} by {@code kind} = the code the failure became;
 *   <li>{@code lockstep_group_commit_batch_size} (histogram) by {@code kind} = feedback_record_create |
 *       webhook_create | stack_env_merge: how many requests each shared statement (or, for env
 *       PATCHes of one stack, each shared unit of work) carried (group commit).
 * </ul>
 *
 * Every series exists from start-up at zero, so a dashboard shows a flat line rather than no data.
 * The storage adapter gets this as its {@link LockWaits} and {@link BatchSizeMeter}; {@code Problems}
 * counts the answers.
 */
@Context
public class LockstepMeters implements LockWaits, BatchSizeMeter {
    public static final String LOCK_WAIT = "lockstep.lock.wait";
    public static final String CONFLICTS = "lockstep.conflicts";
    public static final String STORAGE_FAILURES = "lockstep.storage.failures";
    public static final String GROUP_COMMIT_BATCH = "lockstep.group.commit.batch.size";
    /** The codes counted as storage failures; {@code outcome_unknown} joins when the server has it. */
    static final List<String> STORAGE_FAILURE_KINDS =
            List.of(ErrorCode.STORAGE_UNAVAILABLE.code(), ErrorCode.OUTCOME_UNKNOWN.code());

    private final Map<LockWaits.Kind, Timer> granted = new EnumMap<>(LockWaits.Kind.class);
    private final Map<LockWaits.Kind, Timer> refused = new EnumMap<>(LockWaits.Kind.class);
    private final Map<BatchSizeMeter.Kind, DistributionSummary> batches = new EnumMap<>(BatchSizeMeter.Kind.class);

    public LockstepMeters(MeterRegistry registry) {
        for (LockWaits.Kind kind : LockWaits.Kind.values()) {
            granted.put(kind, timer(registry, kind, "granted"));
            refused.put(kind, timer(registry, kind, "refused"));
        }
        for (ProblemCode code : ProblemCode.all()) {
            if (isConflict(code)) {
                conflicts(registry, code.code());
            }
        }
        STORAGE_FAILURE_KINDS.forEach(kind -> storageFailures(registry, kind));
        for (BatchSizeMeter.Kind kind : BatchSizeMeter.Kind.values()) {
            batches.put(
                    kind,
                    DistributionSummary.builder(GROUP_COMMIT_BATCH)
                            .description("Requests one shared statement carried (group commit), by kind of request")
                            .tag("kind", kind.wireName())
                            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
                            .register(registry));
        }
    }

    private static Timer timer(MeterRegistry registry, LockWaits.Kind kind, String outcome) {
        return Timer.builder(LOCK_WAIT)
                .description("Time a storage adapter waited for a lock, until it was granted or refused")
                .tag("kind", kind.wireName())
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    /** A 409 answer, or a lock not granted in time: the answers a race explains. */
    public static boolean isConflict(ProblemCode code) {
        return code.status().getCode() == 409 || code.code().equals(ErrorCode.LOCK_TIMEOUT.code());
    }

    public static Counter conflicts(MeterRegistry registry, String code) {
        return Counter.builder(CONFLICTS)
                .description("Answers that were a conflict, by problem code")
                .tag("code", code)
                .register(registry);
    }

    public static Counter storageFailures(MeterRegistry registry, String kind) {
        return Counter.builder(STORAGE_FAILURES)
                .description("Requests the storage failed, by the code the failure became")
                .tag("kind", kind)
                .register(registry);
    }

    @Override
    public void sent(BatchSizeMeter.Kind kind, int requests) {
        batches.get(kind).record(requests);
    }

    @Override
    public void waited(LockWaits.Kind kind, Duration waited, boolean wasGranted) {
        (wasGranted ? granted : refused).get(kind).record(waited);
    }
}
