package dev.lockstep.http.org;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The IdP webhook signature, wire-compatible with WorkOS: header {@code WorkOS-Signature: t=<unix
 * ms>, v1=<hex HMAC-SHA256(secret, t + "." + raw body)>}. Verified over the raw bytes received
 * (never re-serialized JSON), compared in constant time, with a timestamp tolerance against replay.
 */
public final class IdpWebhookSignature {
  public static final String HEADER = "WorkOS-Signature";

  private final byte[] secret;
  private final Duration tolerance;

  public IdpWebhookSignature(String secret, Duration tolerance) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("webhook secret must not be empty");
    }
    if (tolerance.isNegative() || tolerance.isZero()) {
      throw new IllegalArgumentException("lockstep.idp.signature-tolerance must be > 0, got " + tolerance);
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.tolerance = tolerance;
  }

  /**
   * @throws DomainException {@code unauthorized} when the header is missing or malformed, the
   *     timestamp is further than the tolerance from {@code now}, or no {@code v1} matches
   */
  public void verify(String header, byte[] rawBody, Instant now) {
    if (header == null || header.isBlank()) {
      throw unauthorized("missing " + HEADER + " header");
    }
    String timestamp = null;
    List<String> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      String p = part.trim();
      int eq = p.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = p.substring(0, eq).trim();
      String value = p.substring(eq + 1).trim();
      if (key.equals("t")) {
        timestamp = value;
      } else if (key.equals("v1")) {
        signatures.add(value);
      }
    }
    if (timestamp == null || signatures.isEmpty()) {
      throw unauthorized("malformed " + HEADER + " header");
    }
    long millis;
    try {
      millis = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw unauthorized("malformed " + HEADER + " timestamp");
    }
    Duration skew = Duration.ofMillis(Math.abs(now.toEpochMilli() - millis));
    if (skew.compareTo(tolerance) > 0) {
      throw unauthorized(HEADER + " timestamp is outside the tolerance of " + tolerance.toSeconds() + " s");
    }
    byte[] expected = sign(timestamp, rawBody);
    boolean match = false;
    for (String candidate : signatures) {
      byte[] given;
      try {
        given = HexFormat.of().parseHex(candidate);
      } catch (IllegalArgumentException e) {
        continue;
      }
      // constant time in the content; |= keeps checking every candidate
      match |= MessageDigest.isEqual(expected, given);
    }
    if (!match) {
      throw unauthorized(HEADER + " does not match the body");
    }
  }

  /** The header a sender with this secret puts on {@code rawBody} at {@code at} (tests, tooling). */
  public String header(byte[] rawBody, Instant at) {
    String t = Long.toString(at.toEpochMilli());
    return "t=" + t + ", v1=" + HexFormat.of().formatHex(sign(t, rawBody));
  }

  private byte[] sign(String timestamp, byte[] rawBody) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '.');
      mac.update(rawBody);
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static DomainException unauthorized(String detail) {
    return new DomainException(ErrorCode.UNAUTHORIZED, detail);
  }
}
