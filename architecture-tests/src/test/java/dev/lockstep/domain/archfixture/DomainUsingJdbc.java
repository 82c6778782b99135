package dev.lockstep.domain.archfixture;

import java.sql.Connection;

/** Deliberately breaks "domain uses the JDK only / no JDBC in domain". Test-only. */
public class DomainUsingJdbc {
  public Connection connection;
}
