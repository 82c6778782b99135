package dev.lockstep.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.domain.identity.ExternalId;
import dev.lockstep.domain.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void nulAndUnpairedSurrogatesCannotBeKeptExactly() {
        assertThat(StorableText.problem("a\u0000b")).contains("U+0000");
        assertThat(StorableText.problem("\uD800")).contains("unpaired surrogate");
        assertThat(StorableText.problem("x\uDC00")).contains("unpaired surrogate");
        assertThat(StorableText.problem("\uDC00\uD800")).contains("unpaired surrogate");
    }

    @Test
    void everyOtherTextIsStorableIncludingPairedSurrogates() {
        assertThat(StorableText.problem("plain, ünïcödé, \uD83D\uDE00, \t\n")).isNull();
        assertThat(StorableText.problem("")).isNull();
        assertThat(StorableText.problem(null)).isNull();
    }

    @Test
    void valueTypesAndJsonAtAnyDepthFollowTheRule() {
        assertThatThrownBy(() -> ExternalId.of("e\u0000"))
                .isInstanceOfSatisfying(
                        DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThatThrownBy(() -> JsonObject.of(Map.of("a", List.of(Map.of("b", "\uD800")))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonObject.of(Map.of("k\u0000", 1))).isInstanceOf(IllegalArgumentException.class);
    }
}
