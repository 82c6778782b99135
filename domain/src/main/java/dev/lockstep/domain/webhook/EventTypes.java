package dev.lockstep.domain.webhook;

import dev.lockstep.domain.DomainException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The event types a webhook subscribes to: at most {@value #MAX_COUNT} distinct names of 1–128
 * characters of {@code [A-Za-z0-9._:*-]}, in the client's order. An empty list is allowed (a
 * webhook that receives nothing yet).
 */
public record EventTypes(List<String> values) {
  public static final int MAX_COUNT = 50;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:*-]{1,128}");

  public EventTypes {
    if (values == null) {
      throw DomainException.validation("eventTypes", "is required (a list of event type names)");
    }
    if (values.size() > MAX_COUNT) {
      throw DomainException.validation("eventTypes", "must have at most " + MAX_COUNT + " entries");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v == null || !NAME.matcher(v).matches()) {
        throw DomainException.validation("eventTypes[" + i + "]", "must be 1-128 characters of [A-Za-z0-9._:*-]");
      }
      if (!seen.add(v)) {
        throw DomainException.validation("eventTypes[" + i + "]", "is a duplicate of an earlier entry");
      }
    }
    values = List.copyOf(values);
  }

  public static EventTypes of(List<String> values) {
    return new EventTypes(values);
  }
}
