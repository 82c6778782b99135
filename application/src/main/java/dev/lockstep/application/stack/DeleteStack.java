package dev.lockstep.application.stack;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.ChangeRows;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.stack.Stack;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;

/**
 * {@code DELETE …/stacks/{slug}}: turns the stack {@code deleting} under its row lock (so a PATCH
 * either committed before or sees {@code deleting} and is refused). The row itself goes later, in
 * {@link TearDownStack}. Deleting a stack that is already being torn down answers the same and
 * keeps its original teardown time, so a client's retry is harmless.
 */
@Singleton
public final class DeleteStack {
    private final TenantWriteLocks locks;

    public DeleteStack(TenantWriteLocks locks) {
        this.locks = locks;
    }

    /**
     * @return the stack, now {@code deleting}
     * @throws dev.lockstep.domain.DomainException {@code validation_failed}, {@code not_found},
     *     {@code lock_timeout}, {@code tenant_write_conflict}
     */
    public Stack delete(TenantId tenant, String slug) {
        Slug s = Slug.of(slug);
        return locks.write(tenant, unit -> {
            // a stack turning deleting is an upsert with that status; its teardown is the delete
            Stack deleting = unit.stacks().markDeleting(tenant, s);
            unit.deletionLog().upserted(tenant, DeletionKind.STACK, s.value(), ChangeRows.stack(deleting));
            return deleting;
        });
    }
}
