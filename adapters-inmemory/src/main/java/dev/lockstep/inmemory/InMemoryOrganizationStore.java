package dev.lockstep.inmemory;

import dev.lockstep.domain.org.OrganizationStore;


/** In-memory {@link OrganizationStore}. */
public final class InMemoryOrganizationStore implements OrganizationStore {
  private final InMemoryContext ctx;

  public InMemoryOrganizationStore(InMemoryContext ctx) {
    this.ctx = ctx;
  }

}
