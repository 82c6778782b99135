package dev.lockstep.domain.org;

import java.util.UUID;

/**
 * Outbound port "org sync": the identity provider's organization directory. Called only after the
 * unit of work that created the organization has committed.
 */
public interface IdpDirectory {

    /**
     * Tells the IdP our id as the {@code external_id} of its organization {@code idpId} (WorkOS:
     * {@code PUT /organizations/{idpId}} with {@code {"external_id": id}}). Idempotent.
     *
     * @throws IdpUnavailableException when the IdP could not be told (unreachable, timed out, an
     *     error answer); the caller keeps the push pending and retries with the next event of that
     *     organization. Any other exception is a bug.
     */
    void pushExternalId(String idpId, UUID id);
}
