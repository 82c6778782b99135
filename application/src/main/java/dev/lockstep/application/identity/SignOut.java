package dev.lockstep.application.identity;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.RefreshToken;
import dev.lockstep.domain.log.DeletionKind;
import java.util.UUID;

/**
 * {@code POST /v1/sessions/sign-out}: the refresh token is the credential. The token's tenant is
 * looked up first (a routing hint only); the removal then runs under that tenant's shared lock and
 * decides alone: a token that is unknown, already revoked, or taken by a racing revoke-all answers
 * {@code unauthorized} and records nothing.
 */
public final class SignOut {
  private final StoragePorts storage;

  public SignOut(StoragePorts storage) {
    this.storage = storage;
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
    TenantId tenant = storage.sessions().tenantOfToken(hash).orElseThrow(SignOut::unknownToken);
    storage
        .tenantWriteLocks()
        .writeVoid(
            tenant,
            () -> {
              UUID removed = storage.sessions().deleteByToken(tenant, hash).orElseThrow(SignOut::unknownToken);
              storage.deletionLog().record(tenant, DeletionKind.SESSION, removed.toString());
            });
  }

  private static DomainException unknownToken() {
    return new DomainException(ErrorCode.UNAUTHORIZED, "refresh token is unknown or already revoked");
  }
}
