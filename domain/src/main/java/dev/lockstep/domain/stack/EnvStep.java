package dev.lockstep.domain.stack;

import dev.lockstep.domain.DomainException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one patch of a batch applied in arrival order ({@link #applyInOrder}): the merge
 * it made (the env after <i>its</i> position and its counts), or why it was skipped ({@code
 * env_too_large}: that patch changes nothing, the next one starts from the env before it).
 *
 * @param merge the merge, or null when skipped
 * @param refused the refusal, or null when it landed
 */
public record EnvStep(EnvMerge merge, DomainException refused) {
    public EnvStep {
        if ((merge == null) == (refused == null)) {
            throw new IllegalArgumentException("a step either landed or was refused");
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
        Objects.requireNonNull(current, "current");
        EnvStep[] steps = new EnvStep[patches.size()];
        Map<String, String> env = current;
        for (int i = 0; i < steps.length; i++) {
            try {
                EnvMerge merge = patches.get(i).applyTo(env);
                steps[i] = new EnvStep(merge, null);
                env = merge.env();
            } catch (DomainException tooLarge) {
                steps[i] = new EnvStep(null, tooLarge);
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
