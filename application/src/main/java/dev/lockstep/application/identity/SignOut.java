package dev.lockstep.application.identity;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.RefreshToken;
import dev.lockstep.domain.identity.SessionQueries;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * {@code POST /v1/sessions/sign-out}: the refresh token is the credential. The token's tenant is
 * looked up first (a routing hint only); the removal then runs under that tenant's shared lock and
 * decides alone: a token that is unknown, already revoked, or taken by a racing revoke-all answers
 * {@code unauthorized} and records nothing.
 */
@Singleton
public final class SignOut {
    private final SessionQueries sessions;
    private final TenantWriteLocks locks;

    public SignOut(SessionQueries sessions, TenantWriteLocks locks) {
        this.sessions = sessions;
        this.locks = locks;
    }

    /** @throws DomainException {@code validation_failed} (no token), {@code unauthorized}, {@code tenant_write_conflict} */
    public void signOut(String refreshToken) {
        if (refreshToken == null || refreshToken.isEmpty()) {
            throw DomainException.validation("refreshToken", "is required");
        }
        if (refreshToken.length() > RefreshToken.MAX_LENGTH) {
            throw unknownToken();
        }
        String hash = RefreshToken.presented(refreshToken).hash();
        TenantId tenant = sessions.tenantOfToken(hash).orElseThrow(SignOut::unknownToken);
        locks.write(tenant, unit -> {
            UUID removed = unit.sessions().deleteByToken(tenant, hash).orElseThrow(SignOut::unknownToken);
            unit.deletionLog().record(tenant, DeletionKind.SESSION, removed.toString());
            return null;
        });
    }

    private static DomainException unknownToken() {
        return new DomainException(ErrorCode.UNAUTHORIZED, "refresh token is unknown or already revoked");
    }
}
