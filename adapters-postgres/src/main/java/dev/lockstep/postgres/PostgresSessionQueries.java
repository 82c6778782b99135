package dev.lockstep.postgres;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.SessionQueries;
import java.sql.PreparedStatement;
import java.util.Optional;

/** PostgreSQL {@link SessionQueries}: one autocommit statement, no lock. */
public final class PostgresSessionQueries implements SessionQueries {

    /** By sessions_token_hash; no lock, a routing hint only. */
    static final String TENANT_OF_TOKEN = "SELECT tenant_id FROM sessions WHERE token_hash = ?";

    private final PgTransactions tx;

    PostgresSessionQueries(PgTransactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<TenantId> tenantOfToken(String tokenHash) {
        return tx.autocommit(c -> {
            try (PreparedStatement ps = c.prepareStatement(TENANT_OF_TOKEN)) {
                ps.setString(1, tokenHash);
                return PgRows.first(ps, rs -> TenantId.of(rs.getString(1)));
            }
        });
    }
}
