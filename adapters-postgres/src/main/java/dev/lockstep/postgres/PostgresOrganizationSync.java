package dev.lockstep.postgres;

import dev.lockstep.application.LockWaits;
import dev.lockstep.domain.org.OrganizationStore;
import dev.lockstep.domain.org.OrganizationSync;
import dev.lockstep.domain.tenant.UnitWork;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

/**
 * PostgreSQL {@link OrganizationSync}: each event unit is one transaction holding the IdP
 * organization's transaction-scoped advisory lock, so events of one organization apply one at a time
 * across every instance. The unit's {@code lock_timeout} (the storage's organization lock wait) bounds
 * every lock wait in it, advisory and row locks alike; 55P03 becomes {@code lock_timeout}.
 */
public final class PostgresOrganizationSync implements OrganizationSync {

    /** Serializes the events of one IdP organization, across instances, until COMMIT. */
    private static final String LOCK_IDP = "SELECT pg_advisory_xact_lock(hashtextextended('org_idp|' || ?, 0))";

    /** One autocommit statement; its own short row lock. */
    private static final String MARK_PUSHED =
            "UPDATE organizations SET external_id_push_pending = false WHERE id = ? AND external_id_push_pending";

    private final PgTransactions tx;
    private final Duration organizationLockWait;

    PostgresOrganizationSync(PgTransactions tx, Duration organizationLockWait) {
        this.tx = tx;
        this.organizationLockWait = organizationLockWait;
    }

    @Override
    public <T> T serialized(String idpId, UnitWork<OrganizationStore, T> work) {
        return tx.inUnit(unit -> {
            unit.boundLockWaits(organizationLockWait);
            PostgresOrganizationStore.advisoryLock(unit, LockWaits.Kind.ORG, LOCK_IDP, idpId, "organization " + idpId);
            return work.run(new PostgresOrganizationStore(unit));
        });
    }

    @Override
    public void markExternalIdPushed(UUID id) {
        tx.autocommitWrite(c -> {
            try (PreparedStatement ps = c.prepareStatement(MARK_PUSHED)) {
                ps.setObject(1, id);
                return ps.executeUpdate();
            }
        });
    }
}
