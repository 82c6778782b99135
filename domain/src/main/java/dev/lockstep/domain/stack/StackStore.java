package dev.lockstep.domain.stack;

import dev.lockstep.domain.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Port family "env merging": stacks and their env, merged under the stack's row lock.
 *
 * <p>The stack writes of one unit of work ({@link dev.lockstep.domain.tenant.TenantUnit}), which
 * holds its tenant's shared lock first; a method that locks the stack's row takes it second (lock
 * order tenant → row) and waits for it at most the storage's env lock timeout. Each method is one
 * atomic operation: the decision (missing, deleting, too large) is made under the row lock, never
 * from a read outside it.
 */
public interface StackStore {

    /**
     * Creates an active stack with {@code env} (already merged and capped by the caller).
     *
     * @throws dev.lockstep.domain.DomainException {@code stack_exists} when the tenant already has a
     *     stack with that slug, in any status
     */
    Stack create(TenantId tenant, Slug slug, Map<String, String> env);

    /**
     * Reads the env under the stack's row lock, applies {@code patch} ({@link EnvPatch#applyTo}) and
     * writes the result, all in the current unit of work: a batch of one of {@link #mergeEnvInOrder},
     * so both adapters have one merge path.
     *
     * @throws dev.lockstep.domain.DomainException {@code not_found} when the stack is absent under the
     *     lock; {@code stack_deleting} when it is being torn down; {@code env_too_large} (nothing
     *     written); {@code lock_timeout} when the row lock is not granted in time
     */
    default EnvMerge mergeEnv(TenantId tenant, Slug slug, EnvPatch patch) {
        EnvStep step = mergeEnvInOrder(tenant, slug, List.of(patch)).get(0);
        if (!step.landed()) {
            throw step.refused(); // env_too_large: nothing was written
        }
        return step.merge();
    }

    /**
     * The shared merge of several PATCHes of one stack (group commit): takes the stack's row lock
     * once, applies {@code patches} in order with {@link EnvStep#applyInOrder} (each with its own cap
     * check; a patch over the cap is skipped, the others land) and writes the env after the last
     * landed patch with one UPDATE, all in the current unit of work. Nothing is written when no patch
     * landed.
     *
     * @return one step per patch, in order, each landed one with the stack as it leaves it ({@link
     *     EnvStep#stack}: its env, the batch's updatedAt), which the change feed records
     * @throws dev.lockstep.domain.DomainException for the whole batch: {@code not_found}, {@code
     *     stack_deleting}, {@code lock_timeout} (as {@link #mergeEnv})
     */
    List<EnvStep> mergeEnvInOrder(TenantId tenant, Slug slug, List<EnvPatch> patches);

    /**
     * Turns the stack {@code deleting} under its row lock, keeping the moment it first turned so
     * (idempotent), and returns it.
     *
     * @throws dev.lockstep.domain.DomainException {@code not_found}; {@code lock_timeout}
     */
    Stack markDeleting(TenantId tenant, Slug slug);

    /**
     * The teardown: removes the stack if it is {@code deleting} since {@code deletingSinceAtOrBefore}
     * or earlier. It takes the stack's row lock <b>without waiting</b>: the unit holds the tenant's
     * shared lock, and waiting for the row would delay a purge queued behind it.
     *
     * @return whether a row was removed (false when it is gone already, active again or not yet due)
     * @throws dev.lockstep.domain.DomainException {@code lock_timeout} at once when another unit holds
     *     the row (the teardown backs off and comes again)
     */
    boolean removeDeleting(TenantId tenant, Slug slug, Instant deletingSinceAtOrBefore);
}
