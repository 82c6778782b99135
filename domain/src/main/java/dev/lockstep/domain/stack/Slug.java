package dev.lockstep.domain.stack;

import dev.lockstep.domain.DomainException;
import java.util.regex.Pattern;

/**
 * A stack's name within its tenant: {@code [a-z0-9][a-z0-9-]{0,62}} (1–63 characters, lowercase,
 * DNS-label-like). Comparable, so lists page in slug order.
 */
public record Slug(String value) implements Comparable<Slug> {
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public Slug {
    if (!isValid(value)) {
      throw DomainException.validation("slug", "must match [a-z0-9][a-z0-9-]{0,62}");
    }
  }

  public static Slug of(String value) {
    return new Slug(value);
  }

  /** Whether {@code value} is a well-formed slug (no exception). */
  public static boolean isValid(String value) {
    return value != null && FORMAT.matcher(value).matches();
  }

  @Override
  public int compareTo(Slug other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
