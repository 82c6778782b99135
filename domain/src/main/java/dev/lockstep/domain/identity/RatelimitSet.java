package dev.lockstep.domain.identity;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The ratelimit rules both adapters call: names unique per identity, and PATCH's replace semantics
 * (named entries upserted keeping their id and createdAt, the rest removed).
 */
public final class RatelimitSet {
  private RatelimitSet() {}

  /**
   * Checks a requested set: at most {@link RatelimitSpec#MAX_PER_IDENTITY}, names unique.
   *
   * @throws DomainException {@code validation_failed} naming each duplicate
   */
  public static List<RatelimitSpec> requireValid(List<RatelimitSpec> specs) {
    List<FieldError> errors = new ArrayList<>();
    if (specs.size() > RatelimitSpec.MAX_PER_IDENTITY) {
      errors.add(new FieldError("ratelimits", "at most " + RatelimitSpec.MAX_PER_IDENTITY + " per identity"));
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < specs.size(); i++) {
      if (!seen.add(specs.get(i).name())) {
        errors.add(new FieldError("ratelimits[" + i + "].name", "duplicate name " + specs.get(i).name()));
      }
    }
    if (!errors.isEmpty()) {
      throw DomainException.validation(errors);
    }
    return List.copyOf(specs);
  }

  /**
   * The outcome of replacing {@code current} by {@code wanted}.
   *
   * @param after the full set afterwards, ordered as {@link Identity#RATELIMIT_ORDER}
   * @param inserted names not present before (new ids)
   * @param changed names present before whose values changed (same id and createdAt)
   * @param removed entries whose names are no longer wanted
   */
  public record Replacement(List<Ratelimit> after, List<Ratelimit> inserted, List<Ratelimit> changed, List<Ratelimit> removed) {
    public Replacement {
      after = after.stream().sorted(Identity.RATELIMIT_ORDER).toList();
      inserted = List.copyOf(inserted);
      changed = List.copyOf(changed);
      removed = List.copyOf(removed);
    }
  }

  /** Replace semantics of {@code PATCH ratelimits}; entries asked for unchanged are left as they are. */
  public static Replacement replace(List<Ratelimit> current, List<RatelimitSpec> wanted, Supplier<UUID> newIds, Instant now) {
    requireValid(wanted);
    Map<String, Ratelimit> byName = new HashMap<>();
    for (Ratelimit r : current) {
      byName.put(r.name(), r);
    }
    List<Ratelimit> after = new ArrayList<>();
    List<Ratelimit> inserted = new ArrayList<>();
    List<Ratelimit> changed = new ArrayList<>();
    for (RatelimitSpec spec : wanted) {
      Ratelimit existing = byName.remove(spec.name());
      if (existing == null) {
        Ratelimit created = Ratelimit.create(newIds.get(), spec, now);
        inserted.add(created);
        after.add(created);
      } else if (existing.matches(spec)) {
        after.add(existing);
      } else {
        Ratelimit updated =
            new Ratelimit(existing.id(), spec.name(), spec.limit(), spec.durationMs(), spec.autoApply(), existing.createdAt(), now);
        changed.add(updated);
        after.add(updated);
      }
    }
    List<Ratelimit> removed = current.stream().filter(r -> byName.containsKey(r.name())).toList();
    return new Replacement(after, inserted, changed, removed);
  }
}
