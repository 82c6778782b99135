package dev.lockstep.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TenantIdTest {

  @Test
  void acceptsTheDocumentedAlphabetUpTo128Characters() {
    assertThat(TenantId.of("acme").value()).isEqualTo("acme");
    assertThat(TenantId.of("A-z_0.9:x").value()).isEqualTo("A-z_0.9:x");
    assertThat(TenantId.of("t".repeat(128)).value()).hasSize(128);
  }

  @Test
  void rejectsEverythingElseAsAValidationProblem() {
    for (String bad : List.of("", "t".repeat(129), "a b", "a/b", "ä", "a;drop")) {
      assertThatThrownBy(() -> TenantId.of(bad))
          .isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.errors()).extracting(FieldError::field).containsExactly("tenantId");
          });
    }
    assertThatThrownBy(() -> TenantId.of(null)).isInstanceOf(DomainException.class);
  }

  @Test
  void sortsSoMultiTenantLocksAreTakenInOneOrder() {
    assertThat(new TreeSet<>(List.of(TenantId.of("b"), TenantId.of("a"), TenantId.of("c"))))
        .extracting(TenantId::value)
        .containsExactly("a", "b", "c");
  }
}
