package dev.lockstep.domain.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writesCompactlyAndReadsBackTheSameValue() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("s", "quote \" backslash \\ newline \n tab \t unicode é 😀 control \u0001");
    value.put("n", 42L);
    value.put("d", new BigDecimal("3.25"));
    value.put("b", true);
    value.put("z", null);
    value.put("list", List.of(1L, "two", Map.of()));
    String text = Json.write(value);
    assertThat(text).doesNotContain(" :").startsWith("{\"s\":");
    assertThat(Json.parse(text)).isEqualTo(value);
  }

  @Test
  void byteSizeCountsUtf8BytesOfTheCompactForm() {
    assertThat(Json.byteSize(Map.of("a", "é"))).isEqualTo("{\"a\":\"é\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    assertThat(Json.byteSize(Map.of())).isEqualTo(2);
  }

  @Test
  void rejectsAnythingThatIsNotExactlyOneValue() {
    for (String bad : List.of("", "{", "{\"a\":}", "[1,]", "{\"a\":1}x", "01", "1.", "\"\\x\"", "{\"a\":1,\"a\":2}", "nul", "{'a':1}")) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void parsesNumbersWithoutLosingPrecision() {
    assertThat(Json.parse("12345678901234567890")).isEqualTo(new BigDecimal("12345678901234567890"));
    assertThat(Json.parse("-7")).isEqualTo(-7L);
    assertThat(Json.parse("1e3")).isEqualTo(new BigDecimal("1e3"));
  }

  @Test
  void stringMapsAcceptOnlyStringValues() {
    assertThat(Json.parseStringMap("{\"A\":\"1\"}")).containsEntry("A", "1");
    assertThatThrownBy(() -> Json.parseStringMap("{\"A\":1}")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomStringsRoundTrip() {
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder sb = new StringBuilder();
      int len = random.nextInt(20);
      for (int j = 0; j < len; j++) {
        sb.append((char) random.nextInt(0x3000));
      }
      String s = sb.toString();
      if (s.chars().anyMatch(c -> c >= 0xD800 && c <= 0xDFFF)) {
        continue;
      }
      assertThat(Json.parse(Json.write(s))).isEqualTo(s);
    }
  }
}
