package dev.lockstep.domain.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A session of an identity. Its refresh token is never stored, only {@link RefreshToken#hash()}. */
public record Session(UUID id, UUID identityId, Instant createdAt) {
  public Session {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(identityId, "identityId");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
