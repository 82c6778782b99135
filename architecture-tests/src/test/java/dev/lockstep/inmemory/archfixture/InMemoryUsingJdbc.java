package dev.lockstep.inmemory.archfixture;

import javax.sql.DataSource;

/** Deliberately breaks "the in-memory adapter sees no JDBC". Test-only. */
public class InMemoryUsingJdbc {
  public DataSource dataSource;
}
