package dev.lockstep.domain.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedbackPayloadTest {

    private static Map<String, Object> ofSize(int bytes) {
        // {"k":"xxx…"} is 8 bytes of structure plus the string
        return Map.of("k", "x".repeat(bytes - 8));
    }

    @Test
    void acceptsAnObjectOfExactly64KiB() {
        Map<String, Object> value = ofSize(FeedbackPayload.MAX_BYTES);
        assertThat(JsonObject.byteSizeOf(value)).isEqualTo(65_536);
        assertThat(new FeedbackPayload(value).value()).isEqualTo(value);
    }

    @Test
    void rejectsOneByteMoreWithValidationFailed() {
        assertThatThrownBy(() -> new FeedbackPayload(ofSize(FeedbackPayload.MAX_BYTES + 1)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.errors()).extracting(f -> f.field()).containsExactly("payload");
                });
    }

    @Test
    void measuresMultiByteCharactersInUtf8Bytes() {
        // 3 bytes per character: 21,843 characters are 65,529 + 8 bytes, over the cap
        assertThatThrownBy(() -> new FeedbackPayload(Map.of("k", "€".repeat(21_843))))
                .isInstanceOf(DomainException.class);
        assertThat(new FeedbackPayload(Map.of("k", "€".repeat(21_842))).value()).containsKey("k");
    }

    @Test
    void rejectsAMissingPayload() {
        assertThatThrownBy(() -> new FeedbackPayload(null)).isInstanceOf(DomainException.class);
    }

    @Test
    void normalizesNumbersSoBothAdaptersAnswerTheSameShapes() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("i", 7);
        in.put("list", List.of(1, "a", true));
        FeedbackPayload p = new FeedbackPayload(in);
        assertThat(p.value().get("i")).isEqualTo(7L);
        assertThat(p.value().get("list")).isEqualTo(List.of(1L, "a", true));
        assertThat(new FeedbackPayload(p.value())).isEqualTo(p);
    }
}
