package dev.lockstep.application.identity;

import dev.lockstep.application.idempotency.Idempotency;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.identity.IdentityMeta;
import dev.lockstep.domain.identity.IdentityPatch;
import dev.lockstep.domain.identity.IdentityRef;
import dev.lockstep.domain.identity.IdentityStore;
import dev.lockstep.domain.identity.Ratelimit;
import dev.lockstep.domain.identity.RatelimitSpec;
import dev.lockstep.domain.ids.IdGenerator;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.ChangeRows;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code PATCH /identities/{ref}}: new meta and/or a replaced ratelimit set under the identity's row
 * lock. Ratelimits the replacement removes go to the deletion log; the change is audited as
 * {@code identity.update}. The answer is the state inside the unit, not a second read.
 */
@Singleton
public final class UpdateIdentity {
    private final TenantWriteLocks locks;
    private final IdGenerator ids;
    private final Clock clock;

    public UpdateIdentity(TenantWriteLocks locks, IdGenerator ids, Clock clock) {
        this.locks = locks;
        this.ids = ids;
        this.clock = clock;
    }

    /** Absent parts (null) stay unchanged. */
    public record Command(Map<String, Object> meta, List<RatelimitInput> ratelimits) {}

    /** @throws DomainException {@code validation_failed}, {@code not_found}, {@code tenant_write_conflict} */
    public Identity update(TenantId tenant, String ref, Command command) {
        return update(tenant, ref, command, Idempotency.none());
    }

    /** {@link #update(TenantId, String, Command)} under the request's {@code Idempotency-Key}. */
    public Identity update(TenantId tenant, String ref, Command command, Idempotency<Identity> idempotency) {
        IdentityInput input = new IdentityInput();
        IdentityMeta meta = command.meta() == null ? null : input.meta(command.meta());
        List<RatelimitSpec> specs = command.ratelimits() == null
                ? null
                : input.ratelimits(command.ratelimits().stream()
                        .map(r -> r == null ? null : r.raw())
                        .toList());
        input.throwIfInvalid();
        List<UUID> freshIds =
                specs == null ? List.of() : specs.stream().map(s -> ids.newId()).toList();
        IdentityPatch patch = new IdentityPatch(Optional.ofNullable(meta), Optional.ofNullable(specs), freshIds);
        return locks.write(
                tenant,
                unit -> idempotency.run(unit, () -> {
                    IdentityStore.Updated updated = unit.identities()
                            .update(tenant, IdentityRef.of(ref), patch, Timestamps.now(clock))
                            .orElseThrow(() -> DomainException.notFound("identity"));
                    Identity identity = updated.identity();
                    unit.deletionLog()
                            .upserted(
                                    tenant,
                                    DeletionKind.IDENTITY,
                                    identity.id().toString(),
                                    ChangeRows.identity(identity));
                    for (Ratelimit r : updated.upsertedRatelimits()) {
                        unit.deletionLog()
                                .upserted(
                                        tenant,
                                        DeletionKind.RATELIMIT,
                                        r.id().toString(),
                                        ChangeRows.ratelimit(identity.id(), r));
                    }
                    unit.deletionLog()
                            .recordAll(
                                    tenant,
                                    DeletionKind.RATELIMIT,
                                    updated.removedRatelimits().stream()
                                            .map(UUID::toString)
                                            .toList());
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("meta", patch.meta().isPresent());
                    details.put("ratelimits", patch.ratelimits().isPresent());
                    details.put("ratelimitsRemoved", (long)
                            updated.removedRatelimits().size());
                    unit.auditLog()
                            .record(
                                    tenant,
                                    AuditAction.IDENTITY_UPDATE,
                                    updated.identity().id().toString(),
                                    details);
                    return updated.identity();
                }));
    }
}
