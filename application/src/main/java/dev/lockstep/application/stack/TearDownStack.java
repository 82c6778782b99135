package dev.lockstep.application.stack;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.stack.StackQueries;
import dev.lockstep.domain.stack.StackRef;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The teardown of stacks that have been {@code deleting} for at least the teardown delay: removes
 * the row and records the {@code stack} deletion-log entry and the {@code stack.delete} audit event
 * in one unit of work.
 *
 * <p>It is a tenant-owned write like any other, so it takes the tenant's shared lock with a try:
 * while a purge of the tenant is queued or running it does nothing and leaves the stack for a later
 * round (the purge removes it anyway) — it never fails or delays the purge. A stack found already
 * gone is skipped silently. Because the work list is read from the store ({@code deleting} rows
 * whose time has come), a teardown interrupted by a restart is simply picked up by the next round.
 */
@Singleton
public final class TearDownStack {
    /** How many due stacks one round takes on; the rest wait for the next round. */
    static final int BATCH = 100;

    private final StackQueries stacks;
    private final TenantWriteLocks locks;
    private final Clock clock;
    private final Duration delay;

    public TearDownStack(StackQueries stacks, TenantWriteLocks locks, Clock clock, TeardownSettings settings) {
        this.stacks = Objects.requireNonNull(stacks, "stacks");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.delay = settings.delay();
    }

    /** What one teardown attempt did. */
    public enum Outcome {
        /** The row was removed and recorded. */
        REMOVED,
        /** Nothing to do: the stack is gone already (torn down, purged) or no longer due. */
        NOTHING_TO_DO,
        /** Could not act now (a purge of the tenant is queued or running, the row lock was busy, the
         * database was unreachable); the next round tries again. */
        DEFERRED
    }

    /** What one round did. */
    public record Round(int removed, int deferred) {}

    /** Tears down every stack that is due now (at most one batch) and reports what happened. */
    public Round runDue() {
        Instant cutoff = clock.instant().minus(delay);
        List<StackRef> due;
        try {
            due = stacks.deletingSince(cutoff, BATCH);
        } catch (DomainException e) {
            if (e.code() == ErrorCode.STORAGE_UNAVAILABLE) {
                return new Round(0, 0);
            }
            throw e;
        }
        int removed = 0;
        int deferred = 0;
        for (StackRef ref : due) {
            switch (tearDown(ref, cutoff)) {
                case REMOVED -> removed++;
                case DEFERRED -> deferred++;
                case NOTHING_TO_DO -> {}
            }
        }
        return new Round(removed, deferred);
    }

    /** Tears down {@code ref} if it has been {@code deleting} since {@code dueAtOrBefore} or earlier. */
    public Outcome tearDown(StackRef ref, Instant dueAtOrBefore) {
        try {
            boolean removed = locks.write(ref.tenant(), unit -> {
                if (!unit.stacks().removeDeleting(ref.tenant(), ref.slug(), dueAtOrBefore)) {
                    return false;
                }
                unit.deletionLog()
                        .record(ref.tenant(), DeletionKind.STACK, ref.slug().value());
                unit.auditLog()
                        .record(
                                ref.tenant(),
                                AuditAction.STACK_DELETE,
                                ref.slug().value(),
                                Map.of());
                return true;
            });
            return removed ? Outcome.REMOVED : Outcome.NOTHING_TO_DO;
        } catch (DomainException e) {
            if (e.code().retryable()) {
                // tenant_write_conflict, lock_timeout, storage_unavailable: nothing was written; later
                return Outcome.DEFERRED;
            }
            throw e;
        }
    }
}
