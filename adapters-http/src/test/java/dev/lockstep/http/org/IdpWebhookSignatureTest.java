package dev.lockstep.http.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdpWebhookSignatureTest {
  private static final Instant NOW = Instant.parse("2026-11-22T21:00:00Z");
  private static final byte[] BODY = "{\"id\":\"event_01\",\"event\":\"organization.created\"}".getBytes(StandardCharsets.UTF_8);
  private final IdpWebhookSignature signature = new IdpWebhookSignature("whsec_test", Duration.ofSeconds(180));

  private static void assertUnauthorized(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
  }

  @Test
  void acceptsTheSignatureOfTheRawBodyWithinTolerance() {
    assertThatCode(() -> signature.verify(signature.header(BODY, NOW), BODY, NOW)).doesNotThrowAnyException();
    assertThatCode(() -> signature.verify(signature.header(BODY, NOW.minusSeconds(179)), BODY, NOW)).doesNotThrowAnyException();
    assertThatCode(() -> signature.verify(signature.header(BODY, NOW.plusSeconds(179)), BODY, NOW)).doesNotThrowAnyException();
  }

  @Test
  void matchesAVectorComputedIndependently() {
    // printf '1700000000000.{}' | openssl dgst -sha256 -hmac whsec_test
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    Instant t = Instant.ofEpochMilli(1700000000000L);
    String header = "t=1700000000000, v1=d0bbc63610879612da5c5c1769618618559688ebd6e40052dd0d4a6a8a6c741f";
    assertThat(signature.header(body, t)).isEqualTo(header);
    assertThatCode(() -> signature.verify(header, body, t.plusSeconds(1))).doesNotThrowAnyException();
  }

  @Test
  void refusesASignatureMadeWithAnotherSecret() {
    String forged = new IdpWebhookSignature("another", Duration.ofSeconds(180)).header(BODY, NOW);
    assertUnauthorized(() -> signature.verify(forged, BODY, NOW));
  }

  @Test
  void refusesATamperedBody() {
    String header = signature.header(BODY, NOW);
    byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("created", "deleted").getBytes(StandardCharsets.UTF_8);
    assertUnauthorized(() -> signature.verify(header, tampered, NOW));
  }

  @Test
  void refusesATimestampOutsideTheTolerance() {
    assertUnauthorized(() -> signature.verify(signature.header(BODY, NOW.minusSeconds(181)), BODY, NOW));
    assertUnauthorized(() -> signature.verify(signature.header(BODY, NOW.plusSeconds(181)), BODY, NOW));
  }

  @Test
  void refusesMissingOrMalformedHeaders() {
    assertUnauthorized(() -> signature.verify(null, BODY, NOW));
    assertUnauthorized(() -> signature.verify("", BODY, NOW));
    assertUnauthorized(() -> signature.verify("v1=abcd", BODY, NOW));
    assertUnauthorized(() -> signature.verify("t=" + NOW.toEpochMilli(), BODY, NOW));
    assertUnauthorized(() -> signature.verify("t=soon, v1=abcd", BODY, NOW));
    assertUnauthorized(() -> signature.verify("t=" + NOW.toEpochMilli() + ", v1=not-hex", BODY, NOW));
  }
}
