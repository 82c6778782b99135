package dev.lockstep.domain.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A stored ratelimit of an identity. {@code id} and {@code createdAt} survive a PATCH that keeps its name. */
public record Ratelimit(
    UUID id, String name, long limit, long durationMs, boolean autoApply, Instant createdAt, Instant updatedAt) {
  public Ratelimit {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    // the same rules as a requested one
    new RatelimitSpec(name, limit, durationMs, autoApply);
  }

  /** A new ratelimit made from {@code spec}. */
  public static Ratelimit create(UUID id, RatelimitSpec spec, Instant now) {
    return new Ratelimit(id, spec.name(), spec.limit(), spec.durationMs(), spec.autoApply(), now, now);
  }

  /** Whether {@code spec} asks for exactly what this one already is. */
  public boolean matches(RatelimitSpec spec) {
    return name.equals(spec.name())
        && limit == spec.limit()
        && durationMs == spec.durationMs()
        && autoApply == spec.autoApply();
  }
}
