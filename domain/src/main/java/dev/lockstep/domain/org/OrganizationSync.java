package dev.lockstep.domain.org;

import dev.lockstep.domain.tenant.UnitWork;
import java.util.UUID;

/**
 * Port family "org sync": events of one IdP organization apply one at a time, each as one unit of
 * work.
 *
 * <pre>{@code
 * Organization org = sync.serialized(idpId, orgs -> orgs.findByIdpIdForUpdate(idpId)...);
 * }</pre>
 */
public interface OrganizationSync {

    /**
     * Runs {@code work} as one unit of work holding the lock of the IdP organization {@code idpId},
     * waiting for it at most the storage's organization lock bound ({@code lock_timeout} after it).
     * When this returns, the unit has committed; when it throws, nothing of it remains.
     */
    <T> T serialized(String idpId, UnitWork<OrganizationStore, T> work);

    /** Records that the IdP now holds our id as the organization's {@code external_id}; its own unit. */
    void markExternalIdPushed(UUID id);
}
