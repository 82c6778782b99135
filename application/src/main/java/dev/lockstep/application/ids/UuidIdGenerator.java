package dev.lockstep.application.ids;

import com.github.f4b6a3.uuid.UuidCreator;
import dev.lockstep.domain.ids.IdGenerator;
import jakarta.inject.Singleton;
import java.util.UUID;

/** The one implementation of the id port: UUIDv7 for new rows, UUIDv5 for organizations. */
@Singleton
public final class UuidIdGenerator implements IdGenerator {

    /**
     * UUIDv7 from uuid-creator's fast random source: row ids must be unique and time-ordered, not
     * secret (every route checks the key's tenant scope), and the SecureRandom-backed variant makes
     * every create queue on one generator. Secrets (refresh tokens, API keys) use SecureRandom.
     */
    @Override
    public UUID newId() {
        return UuidCreator.getTimeOrderedEpochFast();
    }

    @Override
    public UUID organizationId(String idpId) {
        return UuidCreator.getNameBasedSha1(ORGANIZATION_NAMESPACE, idpId);
    }
}
