package dev.lockstep.domain.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonObjectTest {

    @Test
    void sizeIsTheUtf8ByteCountOfTheCompactForm() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "quote \" backslash \\ newline \n tab \t unicode é 😀 control \u0001");
        value.put("n", 42L);
        value.put("d", new BigDecimal("3.25"));
        value.put("b", true);
        value.put("f", false);
        value.put("z", null);
        value.put("list", List.of(1L, "two", Map.of()));
        String compact = "{\"s\":\"quote \\\" backslash \\\\ newline \\n tab \\t unicode é 😀 control \\u0001\","
                + "\"n\":42,\"d\":3.25,\"b\":true,\"f\":false,\"z\":null,\"list\":[1,\"two\",{}]}";
        assertThat(JsonObject.of(value).byteSize()).isEqualTo(compact.getBytes(StandardCharsets.UTF_8).length);
        assertThat(JsonObject.EMPTY.byteSize()).isEqualTo(2);
    }

    @Test
    void randomStringsAreSizedLikeTheirUtf8Encoding() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(20);
            for (int j = 0; j < len; j++) {
                sb.append((char) (0x20 + random.nextInt(0x3000)));
            }
            String s = sb.toString();
            if (s.chars().anyMatch(c -> c >= 0xD800 && c <= 0xDFFF || c == '"' || c == '\\')) {
                continue;
            }
            int expected = ("{\"k\":\"" + s + "\"}").getBytes(StandardCharsets.UTF_8).length;
            assertThat(JsonObject.byteSizeOf(Map.of("k", s))).as(s).isEqualTo(expected);
        }
    }

    @Test
    void numbersAreNormalizedSoEveryAdapterAnswersTheSameShapes() {
        Map<String, Object> in = new HashMap<>();
        in.put("i", 7);
        in.put("big", new BigInteger("12345678901234567890"));
        in.put("d", 0.5d);
        JsonObject o = JsonObject.of(in);
        assertThat(o.members())
                .containsEntry("i", 7L)
                .containsEntry("big", new BigDecimal("12345678901234567890"))
                .containsEntry("d", new BigDecimal("0.5"));
        assertThatThrownBy(() -> JsonObject.of(Map.of("nan", Double.NaN))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonObject.of(Map.of("x", new Object()))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isImmutableAllTheWayDown() {
        List<Object> list = new ArrayList<>(List.of(1L));
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("l", list);
        JsonObject o = JsonObject.of(in);
        list.add(2L);
        in.put("late", true);
        assertThat(o.members()).containsOnlyKeys("l");
        assertThat(o.members().get("l")).isEqualTo(List.of(1L));
        assertThatThrownBy(() -> ((List<Object>) o.members().get("l")).add(3L))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nestsAtMostSixtyFourLevels() {
        assertThat(JsonObject.of(nested(JsonObject.MAX_DEPTH)).byteSize()).isPositive();
        assertThatThrownBy(() -> JsonObject.of(nested(JsonObject.MAX_DEPTH + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64");
        // arrays count as levels too
        Map<String, Object> viaArrays = Map.of("a", List.of(List.of(nested(JsonObject.MAX_DEPTH - 2))));
        assertThatThrownBy(() -> JsonObject.of(viaArrays)).isInstanceOf(IllegalArgumentException.class);
    }

    /** An object {@code levels} deep: {"n":{"n":…{}}}. */
    private static Map<String, Object> nested(int levels) {
        Map<String, Object> inner = Map.of();
        for (int i = 1; i < levels; i++) {
            inner = Map.of("n", inner);
        }
        return inner;
    }
}
