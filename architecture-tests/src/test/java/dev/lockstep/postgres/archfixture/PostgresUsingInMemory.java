package dev.lockstep.postgres.archfixture;

import dev.lockstep.inmemory.InMemoryStorage;

/** Deliberately breaks the hexagon: one adapter using another. Test-only. */
public class PostgresUsingInMemory {
  public InMemoryStorage storage;
}
