package dev.lockstep.application.stack;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.stack.Stack;
import dev.lockstep.domain.stack.StackErrors;

/** Reads one stack, in whatever status it is (a stack being torn down reads as {@code deleting}). */
public final class GetStack {
  private final StoragePorts storage;

  public GetStack(StoragePorts storage) {
    this.storage = storage;
  }

  /** @throws dev.lockstep.domain.DomainException {@code validation_failed}, {@code not_found} */
  public Stack get(TenantId tenant, String slug) {
    Slug s = Slug.of(slug);
    return storage.stacks().find(tenant, s).orElseThrow(() -> StackErrors.notFound(s));
  }
}
