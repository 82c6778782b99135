package dev.lockstep.domain.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.FieldError;
import dev.lockstep.domain.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EnvPatchMergeTest {

    private static Map<String, String> patch(Object... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (String) kv[i + 1]);
        }
        return m;
    }

    @Test
    void nonEmptyValueSetsAndEmptyOrNullDeletes() {
        EnvMerge merge =
                new EnvPatch(patch("A", "1", "B", "", "C", null)).applyTo(Map.of("B", "x", "C", "y", "D", "z"));
        assertThat(merge.env()).containsExactly(Map.entry("A", "1"), Map.entry("D", "z"));
        assertThat(merge.keysSet()).isEqualTo(1);
        assertThat(merge.keysDeleted()).isEqualTo(2);
    }

    @Test
    void deletingAnAbsentKeyCountsAsNeither() {
        EnvMerge merge = new EnvPatch(patch("GONE", null, "ALSO_GONE", "")).applyTo(Map.of("KEEP", "1"));
        assertThat(merge.env()).containsExactly(Map.entry("KEEP", "1"));
        assertThat(merge.keysSet()).isZero();
        assertThat(merge.keysDeleted()).isZero();
    }

    @Test
    void overwritingAKeyCountsAsSetAndReplacesTheValue() {
        EnvMerge merge = new EnvPatch(patch("A", "new", "B", "same")).applyTo(Map.of("A", "old", "B", "same"));
        assertThat(merge.env()).containsEntry("A", "new").containsEntry("B", "same");
        assertThat(merge.keysSet()).isEqualTo(2);
        assertThat(merge.keysDeleted()).isZero();
    }

    @Test
    void theCurrentEnvIsNotChangedAndTheResultIsSortedByName() {
        Map<String, String> current = new HashMap<>(Map.of("Z", "1", "A", "2"));
        EnvMerge merge = new EnvPatch(patch("M", "3", "Z", null)).applyTo(current);
        assertThat(current).containsOnlyKeys("Z", "A");
        assertThat(merge.env().keySet()).containsExactly("A", "M");
    }

    @Test
    void anEnvOfExactlyTheCapIsAcceptedAndOneByteMoreIsRejected() {
        // {"K":"vvv…"} is 8 bytes of JSON around the value
        String fits = "v".repeat(EnvPatch.MAX_ENV_BYTES - 8);
        EnvMerge merge = new EnvPatch(patch("K", fits)).applyTo(Map.of());
        assertThat(JsonObject.byteSizeOf(merge.env())).isEqualTo(EnvPatch.MAX_ENV_BYTES);

        assertThatThrownBy(() -> new EnvPatch(patch("K", fits + "v")).applyTo(Map.of()))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENV_TOO_LARGE));
    }

    @Test
    void theCapIsMeasuredOnTheMergedEnvNotOnThePatch() {
        String half = "v".repeat(40_000);
        Map<String, String> current = Map.of("BIG", half);
        assertThatThrownBy(() -> new EnvPatch(patch("OTHER", half)).applyTo(current))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENV_TOO_LARGE));
        // replacing the big value in the same patch keeps the merged env under the cap
        EnvMerge merge = new EnvPatch(patch("OTHER", half, "BIG", null)).applyTo(current);
        assertThat(merge.env()).containsOnlyKeys("OTHER");
    }

    @Test
    void theCapCountsUtf8BytesAndJsonEscapes() {
        // each "é" is 2 bytes in UTF-8, each "\"" 2 bytes escaped: 32,766 of them are 65,532 + 8 > cap
        assertThatThrownBy(() -> new EnvPatch(patch("K", "é".repeat(32_765))).applyTo(Map.of()))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENV_TOO_LARGE));
        assertThatThrownBy(() -> new EnvPatch(patch("K", "\"".repeat(32_765))).applyTo(Map.of()))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENV_TOO_LARGE));
        assertThat(new EnvPatch(patch("K", "é".repeat(32_764)))
                        .applyTo(Map.of())
                        .keysSet())
                .isEqualTo(1);
    }

    @Test
    void invalidNamesAreAllReportedAsValidationErrors() {
        Map<String, String> bad = patch("1ABC", "x", "A-B", "x", "OK", "x", "", "x", "A".repeat(257), "x");
        assertThatThrownBy(() -> new EnvPatch(bad)).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.errors()).extracting(FieldError::field).hasSize(4).doesNotContain("env.OK");
        });
    }

    @Test
    void namesUpTo256CharactersWithUnderscoresAndDigitsAreValid() {
        assertThat(EnvName.isValid("_")).isTrue();
        assertThat(EnvName.isValid("a_B9")).isTrue();
        assertThat(EnvName.isValid("A".repeat(256))).isTrue();
        assertThat(EnvName.isValid("A".repeat(257))).isFalse();
        assertThat(EnvName.isValid("9A")).isFalse();
        assertThat(EnvName.isValid("A.B")).isFalse();
        assertThat(EnvName.isValid("Ä")).isFalse();
    }

    @Test
    void valuesThePostgresJsonbCannotHoldAreRejected() {
        assertThatThrownBy(() -> new EnvPatch(patch("A", "x\u0000y")))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThatThrownBy(() -> new EnvPatch(patch("A", "x\ud800")))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThat(new EnvPatch(patch("A", "emoji \ud83d\ude00")).changes()).containsKey("A");
    }

    @Test
    void fromJsonAcceptsStringsAndNullsOnly() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("A", "1");
        json.put("B", null);
        assertThat(EnvPatch.fromJson(json).changes()).containsEntry("A", "1").containsEntry("B", null);

        json.put("C", 3L);
        json.put("D", true);
        assertThatThrownBy(() -> EnvPatch.fromJson(json))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder("env.C", "env.D"));
        assertThatThrownBy(() -> EnvPatch.fromJson(null))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void applyingPatchesOneAfterAnotherMatchesAPlainMapModel() {
        // property check against the obvious model, with a fixed seed so a failure reproduces
        Random random = new Random(42);
        Map<String, String> env = new TreeMap<>();
        for (int round = 0; round < 500; round++) {
            Map<String, String> changes = new LinkedHashMap<>();
            for (int i = 0; i < 1 + random.nextInt(6); i++) {
                String key = "K" + random.nextInt(10);
                int kind = random.nextInt(3);
                changes.put(key, kind == 0 ? null : kind == 1 ? "" : "v" + random.nextInt(100));
            }
            Map<String, String> model = new TreeMap<>(env);
            int set = 0;
            int deleted = 0;
            for (Map.Entry<String, String> c : changes.entrySet()) {
                if (c.getValue() == null || c.getValue().isEmpty()) {
                    deleted += model.remove(c.getKey()) != null ? 1 : 0;
                } else {
                    model.put(c.getKey(), c.getValue());
                    set++;
                }
            }
            EnvMerge merge = new EnvPatch(changes).applyTo(env);
            assertThat(merge.env()).isEqualTo(model);
            assertThat(merge.keysSet()).isEqualTo(set);
            assertThat(merge.keysDeleted()).isEqualTo(deleted);
            env = merge.env();
        }
    }
}
