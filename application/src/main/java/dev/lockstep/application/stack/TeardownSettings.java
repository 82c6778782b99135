package dev.lockstep.application.stack;

import java.time.Duration;
import java.util.Objects;

/**
 * When a stack marked {@code deleting} is torn down ({@code lockstep.stacks.teardown-delay}).
 *
 * @param delay how long after its delete a stack is removed (&ge; 0)
 */
public record TeardownSettings(Duration delay) {
    public static final Duration DEFAULT_DELAY = Duration.ofSeconds(2);

    public TeardownSettings {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("lockstep.stacks.teardown-delay must be >= 0, got " + delay);
        }
    }

    public static TeardownSettings defaults() {
        return new TeardownSettings(DEFAULT_DELAY);
    }
}
