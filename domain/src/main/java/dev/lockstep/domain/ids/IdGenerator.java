package dev.lockstep.domain.ids;

import java.util.UUID;

/** Port for ids, so tests control them. Implemented once, in {@code application}. */
public interface IdGenerator {

    /**
     * Namespace of organization ids: {@code id = UUIDv5(ORGANIZATION_NAMESPACE, idpId)}. Fixed
     * forever; changing it would give every IdP organization a second id.
     */
    UUID ORGANIZATION_NAMESPACE = UUID.fromString("6f1c2f0e-4c1a-5b8e-9d3e-1a0c5e7b2d41");

    /** A new time-ordered UUIDv7 for a server-made row. */
    UUID newId();

    /** The deterministic id of the organization the identity provider calls {@code idpId}. */
    UUID organizationId(String idpId);
}
