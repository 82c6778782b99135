package dev.lockstep.application.stack;

import dev.lockstep.application.idempotency.Idempotency;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.stack.EnvMerge;
import dev.lockstep.domain.stack.EnvPatch;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code PATCH …/stacks/{slug}/env}: merges a patch into the stack's env under the tenant's shared
 * lock and then the stack's row lock (lock order tenant → row), and records {@code stack.env.update}
 * with the counts in the same unit of work. Every rejection (invalid, missing, deleting, too large,
 * lock not granted, purge in progress) happens before anything is written, so it leaves neither a
 * change nor an audit event.
 */
@Singleton
public final class MergeStackEnv {
    private final TenantWriteLocks locks;

    public MergeStackEnv(TenantWriteLocks locks) {
        this.locks = locks;
    }

    /**
     * @param env the decoded {@code env} member (string or null values)
     * @throws dev.lockstep.domain.DomainException {@code validation_failed}, {@code not_found},
     *     {@code stack_deleting}, {@code env_too_large}, {@code lock_timeout},
     *     {@code tenant_write_conflict}
     */
    public EnvMerge merge(TenantId tenant, String slug, Map<String, ?> env) {
        return merge(tenant, slug, env, Idempotency.none());
    }

    /** {@link #merge(TenantId, String, Map)} under the request's {@code Idempotency-Key}. */
    public EnvMerge merge(TenantId tenant, String slug, Map<String, ?> env, Idempotency<EnvMerge> idempotency) {
        Slug s = Slug.of(slug);
        EnvPatch patch = EnvPatch.fromJson(env);
        return locks.write(
                tenant,
                unit -> idempotency.run(unit, () -> {
                    EnvMerge merge = unit.stacks().mergeEnv(tenant, s, patch);
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("keysSet", (long) merge.keysSet());
                    details.put("keysDeleted", (long) merge.keysDeleted());
                    unit.auditLog().record(tenant, AuditAction.STACK_ENV_UPDATE, s.value(), details);
                    return merge;
                }));
    }
}
