package dev.lockstep.domain.log;

import dev.lockstep.domain.TenantId;
import java.time.Instant;

/** One removed row, as external sync sees it. {@code seq} is strictly increasing per tenant. */
public record DeletionLogEntry(long seq, TenantId tenantId, DeletionKind kind, String id, Instant deletedAt) {}
