package dev.lockstep.application.stack;

import dev.lockstep.application.idempotency.Idempotency;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.ChangeRows;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.stack.EnvMerge;
import dev.lockstep.domain.stack.EnvPatch;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.stack.Stack;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Creates a stack, optionally with an initial env (the same rules as a PATCH applied to an empty
 * env: names checked, empty values dropped, the 64 KiB cap). Everything is validated before the
 * tenant lock is taken.
 */
@Singleton
public final class CreateStack {
    private final TenantWriteLocks locks;

    public CreateStack(TenantWriteLocks locks) {
        this.locks = locks;
    }

    /**
     * @param env decoded JSON object (string or null values), or {@code null} for none
     * @throws dev.lockstep.domain.DomainException {@code validation_failed}, {@code env_too_large},
     *     {@code stack_exists}, {@code tenant_write_conflict}
     */
    public Stack create(TenantId tenant, String slug, Map<String, ?> env) {
        return create(tenant, slug, env, Idempotency.none());
    }

    /** {@link #create(TenantId, String, Map)} under the request's {@code Idempotency-Key}. */
    public Stack create(TenantId tenant, String slug, Map<String, ?> env, Idempotency<Stack> idempotency) {
        Slug s = Slug.of(slug);
        EnvMerge initial = EnvPatch.fromJson(env == null ? Map.of() : env).applyTo(Map.of());
        return locks.write(
                tenant,
                unit -> idempotency.run(unit, () -> {
                    Stack created = unit.stacks().create(tenant, s, initial.env());
                    unit.deletionLog().upserted(tenant, DeletionKind.STACK, s.value(), ChangeRows.stack(created));
                    return created;
                }));
    }
}
