package dev.lockstep.postgres;

import dev.lockstep.domain.org.OrganizationStore;


/** PostgreSQL {@link OrganizationStore}. */
public final class PostgresOrganizationStore implements OrganizationStore {
  private final PgContext ctx;

  public PostgresOrganizationStore(PgContext ctx) {
    this.ctx = ctx;
  }

}
