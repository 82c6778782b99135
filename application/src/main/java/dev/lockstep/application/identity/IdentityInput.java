package dev.lockstep.application.identity;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.FieldError;
import dev.lockstep.domain.identity.ExternalId;
import dev.lockstep.domain.identity.IdentityMeta;
import dev.lockstep.domain.identity.RatelimitSet;
import dev.lockstep.domain.identity.RatelimitSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns the raw values of a request into domain values, collecting every field error (with its JSON
 * path) before failing once with {@code validation_failed}, so a client sees all its mistakes at once.
 */
final class IdentityInput {
  private final List<FieldError> errors = new ArrayList<>();

  /** A ratelimit as it arrives; boxed, so a missing field is an error rather than a zero. */
  record RawRatelimit(String name, Long limit, Long durationMs, Boolean autoApply) {}

  ExternalId externalId(String raw) {
    if (raw == null) {
      errors.add(new FieldError("externalId", "is required"));
      return null;
    }
    return attempt("", () -> new ExternalId(raw));
  }

  IdentityMeta meta(Map<String, Object> raw) {
    if (raw == null) {
      return IdentityMeta.EMPTY;
    }
    return attempt("", () -> new IdentityMeta(raw));
  }

  List<RatelimitSpec> ratelimits(List<RawRatelimit> raw) {
    if (raw == null) {
      return List.of();
    }
    List<RatelimitSpec> out = new ArrayList<>();
    boolean complete = true;
    for (int i = 0; i < raw.size(); i++) {
      String path = "ratelimits[" + i + "]";
      RawRatelimit r = raw.get(i);
      if (r == null) {
        errors.add(new FieldError(path, "must be an object"));
        complete = false;
        continue;
      }
      if (r.limit() == null || r.durationMs() == null || r.name() == null) {
        if (r.name() == null) {
          errors.add(new FieldError(path + ".name", "is required"));
        }
        if (r.limit() == null) {
          errors.add(new FieldError(path + ".limit", "is required"));
        }
        if (r.durationMs() == null) {
          errors.add(new FieldError(path + ".durationMs", "is required"));
        }
        complete = false;
        continue;
      }
      RatelimitSpec spec =
          attempt(path + ".", () -> new RatelimitSpec(r.name(), r.limit(), r.durationMs(), Boolean.TRUE.equals(r.autoApply())));
      if (spec == null) {
        complete = false;
      } else {
        out.add(spec);
      }
    }
    if (complete) {
      attempt("", () -> RatelimitSet.requireValid(out));
    }
    return out;
  }

  /** Fails with every collected error, if any. */
  void throwIfInvalid() {
    if (!errors.isEmpty()) {
      throw DomainException.validation(errors);
    }
  }

  private <T> T attempt(String prefix, Supplier<T> make) {
    try {
      return make.get();
    } catch (DomainException e) {
      if (e.code() != ErrorCode.VALIDATION_FAILED) {
        throw e;
      }
      for (FieldError f : e.errors()) {
        errors.add(new FieldError(prefix + f.field(), f.message()));
      }
      return null;
    }
  }
}
