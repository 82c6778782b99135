package dev.lockstep.inmemory.archfixture;

import org.postgresql.PGConnection;

/** Violates INMEMORY_SEES_NO_POSTGRES_OR_HTTP: the in-memory adapter reaches for the PostgreSQL driver. */
public class InMemoryUsingPostgresDriver {
    public PGConnection connection;
}
