package dev.lockstep.application.stack;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.stack.Stack;
import dev.lockstep.domain.stack.StackQueries;
import jakarta.inject.Singleton;

/** Lists a tenant's stacks in slug order; the cursor is the last slug of the previous page. */
@Singleton
public final class ListStacks {
    private final StackQueries stacks;

    public ListStacks(StackQueries stacks) {
        this.stacks = stacks;
    }

    /** @throws DomainException {@code validation_failed} for a cursor this server did not issue */
    public Page<Stack> list(TenantId tenant, PageRequest page) {
        if (page.cursor() != null && !Slug.isValid(page.cursor())) {
            throw DomainException.validation("cursor", "is not a cursor this server issued");
        }
        return stacks.list(tenant, page);
    }
}
