package dev.lockstep.postgres;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.ids.RowIds;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * How the reads of tables of tenant-owned rows keyed by {@code (tenant_id, id)} (feedback records,
 * webhooks) run, written once: by id and by keyset page, one autocommit statement each, no lock. Each
 * table's queries write their statements out beside the method that calls these with them.
 */
abstract class PgTenantQueries<T> {

    final PgTransactions tx;
    private final PgRows.RowMapper<T> mapper;
    private final Function<T, UUID> idOf;

    PgTenantQueries(PgTransactions tx, PgRows.RowMapper<T> mapper, Function<T, UUID> idOf) {
        this.tx = tx;
        this.mapper = mapper;
        this.idOf = idOf;
    }

    /** Runs {@code sql} (parameters: tenant, id). */
    Optional<T> findOne(String sql, TenantId tenant, UUID id) {
        return tx.autocommit(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, tenant.value());
                ps.setObject(2, id);
                return PgRows.first(ps, mapper);
            }
        });
    }

    /**
     * One keyset page ordered by id; the cursor is the last id of the previous page. {@code firstSql}
     * (parameters: tenant, limit) reads the first page, {@code afterSql} (tenant, cursor, limit) the
     * others; both read one row more than the page holds, to know whether there is a next page.
     */
    Page<T> page(String firstSql, String afterSql, TenantId tenant, PageRequest page) {
        UUID after = page.cursor() == null ? null : RowIds.parse("cursor", page.cursor());
        List<T> fetched = tx.autocommit(c -> {
            try (PreparedStatement ps = c.prepareStatement(after == null ? firstSql : afterSql)) {
                int i = 1;
                ps.setString(i++, tenant.value());
                if (after != null) {
                    ps.setObject(i++, after);
                }
                ps.setInt(i, page.limit() + 1);
                return PgRows.all(ps, mapper);
            }
        });
        return Page.of(fetched, page.limit(), r -> idOf.apply(r).toString());
    }
}
