package dev.lockstep.postgres;

import dev.lockstep.application.StorageSettings;
import java.time.Clock;

/** What every PostgreSQL store of one {@link PostgresStorage} shares. */
public record PgContext(
        PgTransactions tx, PostgresTenantWriteLocks tenantLocks, Clock clock, StorageSettings settings) {}
