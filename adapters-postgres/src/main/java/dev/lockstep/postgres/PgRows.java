package dev.lockstep.postgres;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.ids.RowIds;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Small JDBC helpers the tenant-owned row stores share. */
final class PgRows {
    private PgRows() {}

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    static OffsetDateTime ts(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    static <T> List<T> all(PreparedStatement ps, RowMapper<T> mapper) throws SQLException {
        List<T> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
        }
        return out;
    }

    /**
     * One keyset page: {@code firstSql} / {@code afterSql} take (tenant, [cursor id,] limit + 1) and
     * return rows ordered by id.
     */
    static <T> Page<T> page(
            PgTransactions tx,
            String firstSql,
            String afterSql,
            TenantId tenant,
            PageRequest page,
            RowMapper<T> mapper,
            Function<T, UUID> idOf) {
        UUID after = page.cursor() == null ? null : RowIds.parse("cursor", page.cursor());
        List<T> fetched = tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(after == null ? firstSql : afterSql)) {
                int i = 1;
                ps.setString(i++, tenant.value());
                if (after != null) {
                    ps.setObject(i++, after);
                }
                ps.setInt(i, page.limit() + 1);
                return all(ps, mapper);
            }
        });
        return Page.of(fetched, page.limit(), r -> idOf.apply(r).toString());
    }

    /**
     * Runs {@code work} in the unit of work on this thread; a mutation of an existing row outside one
     * would run without its tenant's lock, which is a bug of the caller.
     */
    static <T> T inUnit(PgTransactions tx, PgTransactions.SqlWork<T> work) {
        tx.required();
        return tx.withConnection(work);
    }

    /** Binds a gated INSERT's column parameters (the tenant's lock key is bound after them). */
    @FunctionalInterface
    interface ColumnBinder {
        /** Binds the columns and returns how many parameters it bound. */
        int bind(java.sql.Connection c, PreparedStatement ps) throws SQLException;
    }

    /**
     * Runs an {@code INSERT … SELECT … WHERE pg_try_advisory_xact_lock_shared(hashtextextended(?, 0))}
     * whose last parameter is the tenant's lock key: one statement, in autocommit outside a unit (the
     * lock lives exactly as long as the insert) or joining the unit's transaction inside one. Zero
     * rows inserted means the try-lock was refused: {@code tenant_write_conflict}, never success.
     */
    static void insertGated(PgTransactions tx, TenantId tenant, String sql, ColumnBinder columns) {
        int inserted = tx.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int bound = columns.bind(c, ps);
                ps.setString(bound + 1, PostgresTenantWriteLocks.lockKey(tenant));
                return ps.executeUpdate();
            }
        });
        if (inserted == 0) {
            throw DomainException.tenantWriteConflict(tenant);
        }
    }
}
