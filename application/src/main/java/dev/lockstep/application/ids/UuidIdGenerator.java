package dev.lockstep.application.ids;

import com.github.f4b6a3.uuid.UuidCreator;
import dev.lockstep.domain.ids.IdGenerator;
import java.util.UUID;

/** The one implementation of the id port: UUIDv7 for new rows, UUIDv5 for organizations. */
public final class UuidIdGenerator implements IdGenerator {

  @Override
  public UUID newId() {
    return UuidCreator.getTimeOrderedEpoch();
  }

  @Override
  public UUID organizationId(String idpId) {
    return UuidCreator.getNameBasedSha1(ORGANIZATION_NAMESPACE, idpId);
  }
}
