package dev.lockstep.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.domain.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The jsonb codec alone; no database needed. */
class PgJsonTest {

    @Test
    void writesCompactlyAndReadsBackTheSameValue() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "quote \" backslash \\ newline \n tab \t unicode é 😀 control \u0001");
        value.put("n", 42L);
        value.put("d", new BigDecimal("3.25"));
        value.put("b", true);
        value.put("z", null);
        value.put("list", List.of(1L, "two", Map.of()));
        String text = PgJson.write(value);
        assertThat(text).doesNotContain(" :").startsWith("{\"s\":");
        assertThat(PgJson.read(text)).isEqualTo(value);
        assertThat(PgJson.readObject(text)).isEqualTo(value);
    }

    @Test
    void compactTextHasExactlyTheBytesTheDomainMeasures() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("deep", List.of(List.of(Map.of("x", "\u007f\u2028\u0002")), List.of()));
        nested.put("empty", Map.of());
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("ascii", "plain text with / slash and <html> & 'quotes'");
        value.put("escapes", "\" \\ \n \r \t \b \f \u0001 \u001f");
        value.put("two-byte é ß", "ñ ü ø");
        value.put("three-byte", "€ 漢字 \uffff");
        value.put("four-byte", "😀 𝄞");
        value.put("long", Long.MIN_VALUE);
        value.put("big", new BigDecimal("123456789012345678901234567890"));
        value.put("exp", new BigDecimal("1e3"));
        value.put("negative-scale", new BigDecimal("-0.000001"));
        value.put("true", true);
        value.put("false", false);
        value.put("null", null);
        value.put("mixed", Arrays.asList(1L, "a", null, false, new BigDecimal("2.50")));
        value.put("nested", nested);
        JsonObject json = JsonObject.of(value);

        byte[] written = PgJson.write(json.members()).getBytes(StandardCharsets.UTF_8);

        assertThat(written).hasSize(json.byteSize());
        assertThat(JsonObject.of(PgJson.readObject(new String(written, StandardCharsets.UTF_8))))
                .isEqualTo(json);
    }

    @Test
    void randomStringsRoundTripAndAreSizedAlike() {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(20);
            for (int j = 0; j < len; j++) {
                sb.append((char) random.nextInt(0x3000));
            }
            String s = sb.toString();
            if (s.chars().anyMatch(c -> c == 0 || (c >= 0xD800 && c <= 0xDFFF))) {
                continue; // text the API refuses (StorableText) never reaches the codec
            }
            String text = PgJson.write(Map.of("k", s));
            assertThat(PgJson.readObject(text)).as(s).containsEntry("k", s);
            assertThat(text.getBytes(StandardCharsets.UTF_8)).as(s).hasSize(JsonObject.byteSizeOf(Map.of("k", s)));
        }
    }

    @Test
    void rejectsAnythingThatIsNotExactlyOneValue() {
        for (String bad : List.of(
                "",
                "{",
                "{\"a\":}",
                "[1,]",
                "{\"a\":1}x",
                "01",
                "1.",
                "\"\\x\"",
                "{\"a\":1,\"a\":2}",
                "nul",
                "{'a':1}",
                "NaN")) {
            assertThatThrownBy(() -> PgJson.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> PgJson.readObject("[1]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesNumbersWithoutLosingPrecision() {
        assertThat(PgJson.read("12345678901234567890")).isEqualTo(new BigDecimal("12345678901234567890"));
        assertThat(PgJson.read("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(PgJson.read("-7")).isEqualTo(-7L);
        assertThat(PgJson.read("1e3")).isEqualTo(new BigDecimal("1e3"));
        assertThat(PgJson.read("0.1000")).isEqualTo(new BigDecimal("0.1000"));
        assertThat(PgJson.read("[1, 12345678901234567890, {\"n\": 2}]"))
                .isEqualTo(List.of(1L, new BigDecimal("12345678901234567890"), Map.of("n", 2L)));
    }

    @Test
    void readsObjectsInTheirOrder() {
        List<String> keys =
                new ArrayList<>(PgJson.readObject("{\"b\":1,\"a\":2,\"c\":3}").keySet());
        assertThat(keys).containsExactly("b", "a", "c");
    }

    @Test
    void stringMapsAcceptOnlyStringValues() {
        assertThat(PgJson.readStringMap("{\"A\":\"1\"}")).containsEntry("A", "1");
        assertThatThrownBy(() -> PgJson.readStringMap("{\"A\":1}")).isInstanceOf(IllegalArgumentException.class);
    }
}
