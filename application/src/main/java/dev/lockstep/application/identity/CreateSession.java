package dev.lockstep.application.identity;

import dev.lockstep.application.idempotency.Idempotency;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.identity.IdentityRef;
import dev.lockstep.domain.identity.RefreshToken;
import dev.lockstep.domain.identity.Session;
import dev.lockstep.domain.ids.IdGenerator;
import dev.lockstep.domain.log.ChangeRows;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * {@code POST /identities/{ref}/sessions}: a new session whose refresh token is returned once and
 * stored only as its hash. The identity's row is locked while the session is inserted, so a
 * concurrent delete of the identity either runs first (→ {@code not_found}) or after (and then
 * revokes this session too) — a session never outlives its identity.
 */
@Singleton
public final class CreateSession {
    private final TenantWriteLocks locks;
    private final IdGenerator ids;
    private final Clock clock;

    public CreateSession(TenantWriteLocks locks, IdGenerator ids, Clock clock) {
        this.locks = locks;
        this.ids = ids;
        this.clock = clock;
    }

    /** The new session and the only copy of its token the server ever hands out. */
    public record Created(Session session, RefreshToken refreshToken) {}

    /** @throws DomainException {@code not_found}, {@code tenant_write_conflict} */
    public Created create(TenantId tenant, String ref) {
        return create(tenant, ref, Idempotency.none());
    }

    /**
     * {@link #create(TenantId, String)} under the request's {@code Idempotency-Key}; the stored
     * answer must leave the refresh token out.
     */
    public Created create(TenantId tenant, String ref, Idempotency<Created> idempotency) {
        RefreshToken token = RefreshToken.generate();
        UUID sessionId = ids.newId();
        Instant now = Timestamps.now(clock);
        return locks.write(
                tenant,
                unit -> idempotency.run(unit, () -> {
                    UUID identityId = unit.identities()
                            .lockActive(tenant, IdentityRef.of(ref))
                            .orElseThrow(() -> DomainException.notFound("identity"));
                    Session session =
                            unit.sessions().create(tenant, new Session(sessionId, identityId, now), token.hash());
                    unit.deletionLog()
                            .upserted(tenant, DeletionKind.SESSION, sessionId.toString(), ChangeRows.session(session));
                    return new Created(session, token);
                }));
    }
}
