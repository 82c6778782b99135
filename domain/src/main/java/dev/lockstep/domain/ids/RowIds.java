package dev.lockstep.domain.ids;

import dev.lockstep.domain.DomainException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Parses the server-made UUID ids clients send back in paths and cursors. */
public final class RowIds {
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private RowIds() {}

  /**
   * @param field the parameter name for the 400 answer
   * @throws DomainException {@code validation_failed} when {@code text} is not a UUID in canonical form
   */
  public static UUID parse(String field, String text) {
    if (text == null || !UUID_TEXT.matcher(text).matches()) {
      throw DomainException.validation(field, "must be a UUID");
    }
    return UUID.fromString(text);
  }
}
