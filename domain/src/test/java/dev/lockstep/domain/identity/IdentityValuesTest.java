package dev.lockstep.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdentityValuesTest {

    @Test
    void externalIdIsOneTo255Characters() {
        assertThat(new ExternalId("x".repeat(255)).value()).hasSize(255);
        assertThat(new ExternalId("a").value()).isEqualTo("a");
        for (String bad : new String[] {null, "", "x".repeat(256)}) {
            assertThatThrownBy(() -> new ExternalId(bad))
                    .isInstanceOfSatisfying(
                            DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        }
    }

    @Test
    void metaIsAtMost64KiBOfCompactJson() {
        int overhead = "{\"b\":\"\"}".length();
        assertThat(JsonObject.of(new IdentityMeta(Map.of("b", "x".repeat(65536 - overhead))).value())
                        .byteSize())
                .isEqualTo(65536);
        assertThatThrownBy(() -> new IdentityMeta(Map.of("b", "x".repeat(65537 - overhead))))
                .isInstanceOf(DomainException.class);
        // measured in UTF-8 bytes, not characters
        assertThatThrownBy(() -> new IdentityMeta(Map.of("b", "é".repeat(40_000))))
                .isInstanceOf(DomainException.class);
        assertThat(new IdentityMeta(Map.of("a", Arrays.asList(1, true, null))).value())
                .containsEntry("a", Arrays.asList(1L, true, null));
    }

    @Test
    void refIsAnIdOnlyInCanonicalUuidForm() {
        UUID id = UUID.randomUUID();
        assertThat(IdentityRef.of(id.toString()).asId()).contains(id);
        assertThat(IdentityRef.of(id.toString().toUpperCase()).asId()).contains(id);
        assertThat(IdentityRef.of("1-1-1-1-1").asId()).isEmpty();
        assertThat(IdentityRef.of("user-42").asId()).isEmpty();
        assertThat(IdentityRef.of("x".repeat(256)).couldBeExternalId()).isFalse();
    }

    @Test
    void refreshTokenHashIsSha256HexAndTheTokenNeverPrints() {
        RefreshToken token = RefreshToken.generate();
        assertThat(token.reveal()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(token.hash())
                .hasSize(64)
                .matches("[0-9a-f]+")
                .isEqualTo(RefreshToken.presented(token.reveal()).hash());
        assertThat(token.toString()).doesNotContain(token.reveal());
        assertThat(RefreshToken.presented("abc").hash())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(RefreshToken.generate().reveal()).isNotEqualTo(token.reveal());
    }

    @Test
    void patchMustChangeSomethingAndValidatesRatelimitNames() {
        assertThatThrownBy(() -> new IdentityPatch(Optional.empty(), Optional.empty(), List.of()))
                .isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> new IdentityPatch(
                        Optional.empty(),
                        Optional.of(List.of(new RatelimitSpec("a", 1, 1, false), new RatelimitSpec("a", 1, 1, false))),
                        List.of(UUID.randomUUID(), UUID.randomUUID())))
                .isInstanceOf(DomainException.class);
        assertThat(new IdentityPatch(Optional.of(IdentityMeta.EMPTY), Optional.empty(), List.of()).meta())
                .contains(IdentityMeta.EMPTY);
    }
}
