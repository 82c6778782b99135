package dev.lockstep.domain.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.domain.DomainException;
import org.junit.jupiter.api.Test;

class UserIdTest {
  @Test
  void acceptsOneTo255Characters() {
    assertThat(UserId.of("u").value()).isEqualTo("u");
    assertThat(UserId.of("x".repeat(255)).value()).hasSize(255);
  }

  @Test
  void rejectsEmptyTooLongAndControlCharacters() {
    assertThatThrownBy(() -> UserId.of("")).isInstanceOf(DomainException.class);
    assertThatThrownBy(() -> UserId.of("x".repeat(256))).isInstanceOf(DomainException.class);
    assertThatThrownBy(() -> UserId.of("a\nb")).isInstanceOf(DomainException.class);
  }
}
