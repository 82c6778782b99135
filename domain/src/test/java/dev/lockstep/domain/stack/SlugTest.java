package dev.lockstep.domain.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import org.junit.jupiter.api.Test;

class SlugTest {

  @Test
  void lowercaseLettersDigitsAndInnerDashesUpTo63CharactersAreSlugs() {
    assertThat(Slug.of("a").value()).isEqualTo("a");
    assertThat(Slug.of("0-web-api-").value()).isEqualTo("0-web-api-");
    assertThat(Slug.isValid("a".repeat(63))).isTrue();
  }

  @Test
  void anythingElseIsAValidationFailureOnTheSlugField() {
    for (String bad : new String[] {"", "-a", "A", "a_b", "a.b", "a b", "a".repeat(64), "é"}) {
      assertThat(Slug.isValid(bad)).as(bad).isFalse();
      assertThatThrownBy(() -> Slug.of(bad))
          .isInstanceOfSatisfying(
              DomainException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                assertThat(e.errors()).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("slug"));
              });
    }
    assertThat(Slug.isValid(null)).isFalse();
  }
}
