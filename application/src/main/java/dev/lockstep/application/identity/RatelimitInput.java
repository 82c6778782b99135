package dev.lockstep.application.identity;

/**
 * A ratelimit as a request carries it. Fields are boxed so that a missing one is reported as
 * missing; {@code autoApply} defaults to {@code false}.
 */
public record RatelimitInput(String name, Long limit, Long durationMs, Boolean autoApply) {
  IdentityInput.RawRatelimit raw() {
    return new IdentityInput.RawRatelimit(name, limit, durationMs, autoApply);
  }
}
