package dev.lockstep.domain;

import java.time.Duration;

/**
 * The bound on row-lock waits of tenant data whose bound is not a setting of its own (the env merge
 * has {@code lockstep.stacks.env-lock-timeout}). A wait that runs out answers the retryable
 * {@code lock_timeout}; nothing waits unbounded.
 */
public final class RowLocks {
    private RowLocks() {}

    /** How long a write waits for a row another write holds. */
    public static final Duration WAIT_BOUND = Duration.ofSeconds(5);
}
