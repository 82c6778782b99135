package dev.lockstep.domain.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.domain.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvStepTest {

    private static EnvPatch patch(Object... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (String) kv[i + 1]);
        }
        return new EnvPatch(m);
    }

    @Test
    void eachPatchStartsFromTheEnvAfterTheLastOneThatLanded() {
        String big = "v".repeat(40_000);
        Map<String, String> current = Map.of("BIG", big, "A", "0");
        List<EnvPatch> patches = List.of(
                patch("A", "1", "B", "1"),
                patch("MORE", "w".repeat(30_000)), // over the cap after the first: skipped
                patch("A", null, "C", "1"),
                patch("BIG", null, "MORE", "w".repeat(30_000))); // fits once BIG goes

        List<EnvStep> steps = EnvStep.applyInOrder(current, patches);

        assertThat(steps).hasSize(4);
        EnvMerge first = patches.get(0).applyTo(current);
        assertThat(steps.get(0).merge()).isEqualTo(first);
        assertThat(steps.get(1).landed()).isFalse();
        assertThat(steps.get(1).refused().code()).isEqualTo(ErrorCode.ENV_TOO_LARGE);
        EnvMerge third = patches.get(2).applyTo(first.env());
        assertThat(steps.get(2).merge()).isEqualTo(third);
        EnvMerge fourth = patches.get(3).applyTo(third.env());
        assertThat(steps.get(3).merge()).isEqualTo(fourth);
        assertThat(EnvStep.finalEnv(current, steps)).isEqualTo(fourth.env()).containsOnlyKeys("B", "C", "MORE");
        assertThat(EnvStep.anyLanded(steps)).isTrue();
    }

    @Test
    void whenNothingLandsTheEnvIsUnchanged() {
        Map<String, String> current = Map.of("BIG", "v".repeat(60_000));
        List<EnvStep> steps = EnvStep.applyInOrder(current, List.of(patch("MORE", "w".repeat(10_000))));
        assertThat(EnvStep.anyLanded(steps)).isFalse();
        assertThat(EnvStep.finalEnv(current, steps)).isEqualTo(current);
        assertThat(EnvStep.applyInOrder(current, List.of())).isEmpty();
    }
}
