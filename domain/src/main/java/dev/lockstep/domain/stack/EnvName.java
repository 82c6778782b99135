package dev.lockstep.domain.stack;

import dev.lockstep.domain.DomainException;
import java.util.regex.Pattern;

/** The name of one env variable: {@code [A-Za-z_][A-Za-z0-9_]{0,255}}. */
public record EnvName(String value) {
  private static final Pattern FORMAT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,255}");

  public EnvName {
    if (!isValid(value)) {
      throw DomainException.validation("env", "name must match [A-Za-z_][A-Za-z0-9_]{0,255}");
    }
  }

  /** Whether {@code value} is a well-formed env name (no exception). */
  public static boolean isValid(String value) {
    return value != null && FORMAT.matcher(value).matches();
  }
}
