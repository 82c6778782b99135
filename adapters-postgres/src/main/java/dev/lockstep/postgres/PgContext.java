package dev.lockstep.postgres;

import dev.lockstep.application.StorageSettings;
import java.time.Clock;

/** What every PostgreSQL store of one {@link PostgresStorage} shares. */
record PgContext(PgTransactions tx, Clock clock, StorageSettings settings) {}
