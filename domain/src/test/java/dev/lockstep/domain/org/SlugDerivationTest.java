package dev.lockstep.domain.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlugDerivationTest {

  @Test
  void lowerCasesAndDashesRunsOfOtherCharacters() {
    assertThat(Slugs.fromName("Acme Corp")).isEqualTo("acme-corp");
    assertThat(Slugs.fromName("  Acme,  Inc. (EU)  ")).isEqualTo("acme-inc-eu");
    assertThat(Slugs.fromName("R&D__Team--42")).isEqualTo("r-d-team-42");
  }

  @Test
  void transliteratesAccentsAndLettersThatDoNotDecompose() {
    assertThat(Slugs.fromName("Crème Brûlée Café")).isEqualTo("creme-brulee-cafe");
    assertThat(Slugs.fromName("Müller & Söhne GmbH")).isEqualTo("muller-sohne-gmbh");
    assertThat(Slugs.fromName("Straße Øresund Łódź Æther")).isEqualTo("strasse-oresund-lodz-aether");
    assertThat(Slugs.fromName("ﬁnance")).isEqualTo("finance"); // a compatibility ligature
  }

  @Test
  void nameWithoutUsableCharactersGetsTheFallback() {
    assertThat(Slugs.fromName("東京")).isEqualTo(Slugs.FALLBACK);
    assertThat(Slugs.fromName("---")).isEqualTo(Slugs.FALLBACK);
    assertThat(Slugs.fromName("🙂")).isEqualTo(Slugs.FALLBACK);
  }

  @Test
  void keepsUsableCharactersOfMixedScripts() {
    assertThat(Slugs.fromName("東京 Tokyo 2024")).isEqualTo("tokyo-2024");
  }

  @Test
  void cutsToSixtyThreeWithoutATrailingDash() {
    String name = "a".repeat(62) + " b";
    assertThat(Slugs.fromName(name)).isEqualTo("a".repeat(62));
    assertThat(Slugs.fromName("x".repeat(200))).hasSize(63);
  }

  @Test
  void derivedSlugsAreAlwaysValid() {
    Random random = new Random(42);
    String alphabet = "aZ9 -_.éÅßø東🙂\t";
    for (int i = 0; i < 2000; i++) {
      StringBuilder name = new StringBuilder();
      int length = 1 + random.nextInt(90);
      for (int j = 0; j < length; j++) {
        name.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
      }
      String slug = Slugs.fromName(name.toString());
      assertThat(Slugs.isValid(slug)).as("slug of %s: %s", name, slug).isTrue();
    }
  }

  @Test
  void candidatesAreTheBaseThenNumberedSuffixes() {
    assertThat(Slugs.candidate("acme", 1)).isEqualTo("acme");
    assertThat(Slugs.candidate("acme", 2)).isEqualTo("acme-2");
    assertThat(Slugs.candidate("acme", 10)).isEqualTo("acme-10");
  }

  @Test
  void suffixedCandidateOfALongBaseStaysWithinSixtyThree() {
    String base = "b".repeat(63);
    assertThat(Slugs.candidate(base, 2)).isEqualTo("b".repeat(61) + "-2").hasSize(63);
    assertThat(Slugs.candidate(base, 123)).isEqualTo("b".repeat(59) + "-123").hasSize(63);
  }

  @Test
  void cutThatEndsOnADashDropsTheDash() {
    String base = "a".repeat(60) + "-bc"; // 63 characters; a cut to 61 ends with "-"
    assertThat(Slugs.candidate(base, 2)).isEqualTo("a".repeat(60) + "-2");
  }

  @Test
  void smallestFreeTakesTheFirstGap() {
    Set<String> taken = new HashSet<>(Set.of("acme", "acme-2", "acme-4"));
    assertThat(Slugs.smallestFree("acme", taken::contains)).isEqualTo("acme-3");
    assertThat(Slugs.smallestFree("globex", taken::contains)).isEqualTo("globex");
  }

  @Test
  void everyCandidateStartsWithTheFamilyPrefix() {
    for (String base : new String[] {"acme", "a".repeat(63), "a".repeat(49) + "-" + "b".repeat(13)}) {
      for (int n : new int[] {1, 2, 99, 12345, Integer.MAX_VALUE - 1}) {
        assertThat(Slugs.candidate(base, n)).startsWith(Slugs.familyPrefix(base)).hasSizeLessThanOrEqualTo(63);
      }
    }
  }

  @Test
  void candidatePatternMatchesEveryCandidateAndNoOtherBaseOfAShortName() {
    for (String base : new String[] {"acme", "a".repeat(50), "a".repeat(63), "a".repeat(49) + "-" + "b".repeat(13)}) {
      for (int n : new int[] {1, 2, 10, 12345, Integer.MAX_VALUE - 1}) {
        assertThat(Slugs.candidate(base, n)).matches(Slugs.candidatePattern(base));
      }
    }
    assertThat("acme-corp").doesNotMatch(Slugs.candidatePattern("acme"));
    assertThat("acme-02").doesNotMatch(Slugs.candidatePattern("acme"));
    assertThat("acmeco").doesNotMatch(Slugs.candidatePattern("acme"));
  }

  @Test
  void validatesSlugShape() {
    assertThat(Slugs.isValid("acme-2")).isTrue();
    assertThat(Slugs.isValid("Acme")).isFalse();
    assertThat(Slugs.isValid("-acme")).isFalse();
    assertThat(Slugs.isValid("acme--x")).isFalse();
    assertThat(Slugs.isValid("a".repeat(64))).isFalse();
    assertThat(Slugs.isValid("")).isFalse();
  }
}
