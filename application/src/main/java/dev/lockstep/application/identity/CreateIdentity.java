package dev.lockstep.application.identity;

import dev.lockstep.application.idempotency.Idempotency;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.identity.ExternalId;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.identity.IdentityMeta;
import dev.lockstep.domain.identity.Ratelimit;
import dev.lockstep.domain.identity.RatelimitSpec;
import dev.lockstep.domain.ids.IdGenerator;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.ChangeRows;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code POST /identities}: a new active identity with its ratelimits, audited as {@code identity.create}. */
@Singleton
public final class CreateIdentity {
    private final TenantWriteLocks locks;
    private final IdGenerator ids;
    private final Clock clock;

    public CreateIdentity(TenantWriteLocks locks, IdGenerator ids, Clock clock) {
        this.locks = locks;
        this.ids = ids;
        this.clock = clock;
    }

    /** What the client sent; {@code meta} and {@code ratelimits} may be null. */
    public record Command(String externalId, Map<String, Object> meta, List<RatelimitInput> ratelimits) {}

    /**
     * @throws dev.lockstep.domain.DomainException {@code validation_failed} (all field errors at
     *     once), {@code identity_exists}, {@code tenant_write_conflict}
     */
    public Identity create(TenantId tenant, Command command) {
        return create(tenant, command, Idempotency.none());
    }

    /** {@link #create(TenantId, Command)} under the request's {@code Idempotency-Key}. */
    public Identity create(TenantId tenant, Command command, Idempotency<Identity> idempotency) {
        IdentityInput input = new IdentityInput();
        ExternalId externalId = input.externalId(command.externalId());
        IdentityMeta meta = input.meta(command.meta());
        List<RatelimitSpec> specs = input.ratelimits(
                command.ratelimits() == null
                        ? null
                        : command.ratelimits().stream()
                                .map(r -> r == null ? null : r.raw())
                                .toList());
        input.throwIfInvalid();

        Instant now = Timestamps.now(clock);
        UUID id = ids.newId();
        List<Ratelimit> ratelimits =
                specs.stream().map(s -> Ratelimit.create(ids.newId(), s, now)).toList();
        Identity identity = new Identity(id, tenant, externalId, meta, ratelimits, now, now);
        return locks.write(
                tenant,
                unit -> idempotency.run(unit, () -> {
                    Identity created = unit.identities().create(identity);
                    unit.deletionLog()
                            .upserted(tenant, DeletionKind.IDENTITY, id.toString(), ChangeRows.identity(created));
                    for (Ratelimit r : created.ratelimits()) {
                        unit.deletionLog()
                                .upserted(
                                        tenant, DeletionKind.RATELIMIT, r.id().toString(), ChangeRows.ratelimit(id, r));
                    }
                    unit.auditLog()
                            .record(
                                    tenant,
                                    AuditAction.IDENTITY_CREATE,
                                    id.toString(),
                                    Map.of("externalId", externalId.value()));
                    return created;
                }));
    }
}
