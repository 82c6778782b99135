package dev.lockstep.domain.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A refresh token as the client holds it: shown once at session creation, afterwards only its
 * SHA-256 {@link #hash()} exists on the server. Not a record, so that {@code toString} never leaks it.
 */
public final class RefreshToken {
  /** Longer input is never a token this server made (they are 43 characters). */
  public static final int MAX_LENGTH = 512;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String value;

  private RefreshToken(String value) {
    this.value = value;
  }

  /** A new token of 256 random bits, base64url without padding. */
  public static RefreshToken generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new RefreshToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** A token a client presented; any string is accepted (an unknown one simply matches nothing). */
  public static RefreshToken presented(String value) {
    if (value == null) {
      throw new IllegalArgumentException("token");
    }
    return new RefreshToken(value);
  }

  /** The secret itself; only for the one answer that creates the session. */
  public String reveal() {
    return value;
  }

  /** Lower-case hex SHA-256 of the token's UTF-8 bytes: what the stores keep and look up. */
  public String hash() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "RefreshToken[redacted]";
  }
}
