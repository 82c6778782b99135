package dev.lockstep.application.stack;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.stack.Stack;
import dev.lockstep.domain.stack.StackErrors;
import dev.lockstep.domain.stack.StackQueries;
import jakarta.inject.Singleton;

/** Reads one stack, in whatever status it is (a stack being torn down reads as {@code deleting}). */
@Singleton
public final class GetStack {
    private final StackQueries stacks;

    public GetStack(StackQueries stacks) {
        this.stacks = stacks;
    }

    /** @throws dev.lockstep.domain.DomainException {@code validation_failed}, {@code not_found} */
    public Stack get(TenantId tenant, String slug) {
        Slug s = Slug.of(slug);
        return stacks.find(tenant, s).orElseThrow(() -> StackErrors.notFound(s));
    }
}
