package dev.lockstep.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Bounds the row-lock waits of the current transaction with {@code SET LOCAL lock_timeout}, once per
 * transaction (it ends with it). A wait that runs out fails with {@code 55P03}, which
 * {@link PgErrors#translate} turns into the retryable {@code lock_timeout}.
 */
final class RowLockBound {
  private static final Object SET = new Object();

  private RowLockBound() {}

  static void apply(PgTransactions tx, Connection c, Duration timeout) throws SQLException {
    boolean[] set = tx.required().attribute(SET, () -> new boolean[1]);
    if (!set[0]) {
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL lock_timeout = '" + Math.max(1, timeout.toMillis()) + "ms'");
      }
      set[0] = true;
    }
  }
}
