package dev.lockstep.domain.archfixture;

import dev.lockstep.application.StoragePorts;

/** Deliberately breaks the hexagon: the domain must not know the application ring. Test-only. */
public class DomainUsingApplication {
  public StoragePorts storage;
}
