package dev.lockstep.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Times the service stores and returns: microsecond precision, which is what PostgreSQL keeps, so
 * both storage adapters answer the same instant for the same write.
 */
public final class Timestamps {
  private Timestamps() {}

  /** The clock's current instant at microsecond precision. */
  public static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
