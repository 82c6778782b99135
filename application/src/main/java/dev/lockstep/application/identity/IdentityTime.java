package dev.lockstep.application.identity;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times at the precision PostgreSQL keeps, so an answer built in a unit equals a later read. */
final class IdentityTime {
  private IdentityTime() {}

  static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
