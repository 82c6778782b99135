package dev.lockstep.postgres;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.tenant.PurgeCategory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * How the unit stores of tables of tenant-owned rows keyed by {@code (tenant_id, id)} (feedback
 * records, webhooks) run their statements, written once: the insert in a unit that holds the
 * tenant, the update and the delete of one row under its bounded row lock, and the purge. Each store
 * writes its statements out beside the method that calls these with them; a row comes back through
 * the store's {@code mapper}.
 */
abstract class PgUnitStore<T> {

    /** Binds parameters from 1 on; returns how many it bound. */
    @FunctionalInterface
    interface ParamBinder {
        int bind(Connection c, PreparedStatement ps) throws SQLException;
    }

    final PgUnit unit;
    final Duration rowLockWait;
    private final PgRows.RowMapper<T> mapper;

    PgUnitStore(PgUnit unit, Duration rowLockWait, PgRows.RowMapper<T> mapper) {
        this.unit = unit;
        this.rowLockWait = rowLockWait;
        this.mapper = mapper;
    }

    /**
     * Runs the INSERT {@code sql} in the unit, which must hold {@code tenant}; {@code texts} are its
     * parameters in text form (the same a gated create sends, cast by the statement).
     */
    T insert(String sql, TenantId tenant, T row, String[] texts) {
        unit.requireHeld(tenant);
        return unit.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < texts.length; i++) {
                    ps.setString(i + 1, texts[i]);
                }
                ps.executeUpdate();
            }
            return row;
        });
    }

    /**
     * Runs the UPDATE {@code sql} of one row, its row-lock wait bounded: {@code setParams} binds the
     * SET list's parameters, then the row's tenant and id follow; the statement returns the row as
     * it is after the change.
     */
    Optional<T> update(String sql, TenantId tenant, UUID id, ParamBinder setParams) {
        return unit.run(c -> {
            unit.boundRowLockWaits(rowLockWait);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int bound = setParams.bind(c, ps);
                ps.setString(bound + 1, tenant.value());
                ps.setObject(bound + 2, id);
                return PgRows.first(ps, mapper);
            }
        });
    }

    /**
     * Runs the DELETE … RETURNING {@code sql} of one row (tenant, id), its row-lock wait bounded;
     * whether this call removed the row (a concurrent delete that got there first leaves none).
     */
    boolean deleteOne(String sql, TenantId tenant, UUID id) {
        return unit.run(c -> {
            unit.boundRowLockWaits(rowLockWait);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, tenant.value());
                ps.setObject(2, id);
                return !PgRows.all(ps, rs -> rs.getObject(1)).isEmpty();
            }
        });
    }

    /** Runs the purge's DELETE {@code sql} of every row of the tenant; how many it removed. */
    Map<PurgeCategory, Long> purge(String sql, PurgeCategory category, TenantId tenant) {
        long n = unit.run(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, tenant.value());
                return (long) ps.executeUpdate();
            }
        });
        return Map.of(category, n);
    }
}
