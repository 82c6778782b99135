package dev.lockstep.domain.stack;

import dev.lockstep.domain.DomainException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one patch of a batch applied in arrival order ({@link #applyInOrder}): the merge
 * it made (the env after <i>its</i> position and its counts), or why it was skipped ({@code
 * env_too_large}: that patch changes nothing, the next one starts from the env before it).
 *
 * @param merge the merge, or null when skipped
 * @param stack the stack after a landed step, when the merge was given the stack ({@link
 *     #applyInOrder(Stack, List, Instant)}), else null
 * @param refused the refusal, or null when it landed
 */
public record EnvStep(EnvMerge merge, Stack stack, DomainException refused) {
    public EnvStep {
        if ((merge == null) == (refused == null)) {
            throw new IllegalArgumentException("a step either landed or was refused");
        }
        if (stack != null && merge == null) {
            throw new IllegalArgumentException("a refused step changed no stack");
        }
    }

    public boolean landed() {
        return merge != null;
    }

    /**
     * Applies {@code patches} one after the other to {@code current} with {@link EnvPatch#applyTo},
     * each with its own cap check: a patch over the cap is refused and skipped, the others land.
     *
     * @return one step per patch, in order
     */
    public static List<EnvStep> applyInOrder(Map<String, String> current, List<EnvPatch> patches) {
        return applyInOrder(current, patches, null, null);
    }

    /**
     * {@link #applyInOrder(Map, List)} on the env of {@code current}, each landed step carrying the
     * stack as it is after it ({@link #stack}): its env, changed at {@code at} (what the change feed
     * records, one entry per landed patch).
     */
    public static List<EnvStep> applyInOrder(Stack current, List<EnvPatch> patches, Instant at) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(at, "at");
        return applyInOrder(current.env(), patches, current, at);
    }

    private static List<EnvStep> applyInOrder(
            Map<String, String> current, List<EnvPatch> patches, Stack base, Instant at) {
        Objects.requireNonNull(current, "current");
        EnvStep[] steps = new EnvStep[patches.size()];
        Map<String, String> env = current;
        for (int i = 0; i < steps.length; i++) {
            try {
                EnvMerge merge = patches.get(i).applyTo(env);
                Stack after = base == null
                        ? null
                        : new Stack(base.tenant(), base.slug(), base.status(), merge.env(), base.createdAt(), at);
                steps[i] = new EnvStep(merge, after, null);
                env = merge.env();
            } catch (DomainException tooLarge) {
                steps[i] = new EnvStep(null, null, tooLarge);
            }
        }
        return List.of(steps);
    }

    /** The env after the last step that landed, or {@code current} when none did. */
    public static Map<String, String> finalEnv(Map<String, String> current, List<EnvStep> steps) {
        Map<String, String> env = current;
        for (EnvStep step : steps) {
            if (step.landed()) {
                env = step.merge().env();
            }
        }
        return env;
    }

    /** Whether any step landed (so the row needs its one UPDATE). */
    public static boolean anyLanded(List<EnvStep> steps) {
        return steps.stream().anyMatch(EnvStep::landed);
    }
}
