package dev.lockstep.http.archfixture;

import dev.lockstep.postgres.PostgresStorage;

/** Deliberately breaks "no storage class referenced from adapters-http". Test-only. */
public class HttpUsingPostgresAdapter {
  public PostgresStorage storage;
}
