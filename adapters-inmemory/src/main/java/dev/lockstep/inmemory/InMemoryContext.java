package dev.lockstep.inmemory;

import dev.lockstep.application.StorageSettings;
import java.time.Clock;

/** What every in-memory store of one {@link InMemoryStorage} shares. */
public record InMemoryContext(
        InMemoryUnitOfWork unitOfWork, InMemoryTenantWriteLocks tenantLocks, Clock clock, StorageSettings settings) {}
