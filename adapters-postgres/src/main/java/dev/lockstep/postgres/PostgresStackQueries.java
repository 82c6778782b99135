package dev.lockstep.postgres;

import dev.lockstep.domain.Page;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.json.Json;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.stack.Stack;
import dev.lockstep.domain.stack.StackQueries;
import dev.lockstep.domain.stack.StackRef;
import dev.lockstep.domain.stack.StackStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** PostgreSQL {@link StackQueries}: one autocommit statement each, no lock. */
public final class PostgresStackQueries implements StackQueries {

    /** A plain read (no lock): GET answers what is committed. */
    static final String SELECT_ONE =
            """
      SELECT status, env::text, created_at, updated_at FROM stacks WHERE tenant_id = ? AND slug = ?
      """;

    /** Keyset page over the primary key, one row more than asked to know whether there is a next page. */
    static final String SELECT_PAGE =
            """
      SELECT slug, status, env::text, created_at, updated_at FROM stacks
       WHERE tenant_id = ? AND slug > ? ORDER BY slug LIMIT ?
      """;

    /** The teardown job's scan (partial index stacks_deleting_since); no lock, re-checked on delete. */
    static final String SELECT_DUE =
            """
      SELECT tenant_id, slug FROM stacks
       WHERE status = 'deleting' AND deleting_since <= ?
       ORDER BY deleting_since LIMIT ?
      """;

    private final PgTransactions tx;

    PostgresStackQueries(PgTransactions tx) {
        this.tx = tx;
    }

    @Override
    public Optional<Stack> find(TenantId tenant, Slug slug) {
        return tx.autocommit(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_ONE)) {
                ps.setString(1, tenant.value());
                ps.setString(2, slug.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Stack(
                            tenant,
                            slug,
                            StackStatus.fromWireName(rs.getString(1)),
                            Json.parseStringMap(rs.getString(2)),
                            rs.getTimestamp(3).toInstant(),
                            rs.getTimestamp(4).toInstant()));
                }
            }
        });
    }

    @Override
    public Page<Stack> list(TenantId tenant, PageRequest page) {
        return tx.autocommit(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_PAGE)) {
                ps.setString(1, tenant.value());
                ps.setString(2, page.cursor() == null ? "" : page.cursor());
                ps.setInt(3, page.limit() + 1);
                List<Stack> fetched = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fetched.add(new Stack(
                                tenant,
                                Slug.of(rs.getString(1)),
                                StackStatus.fromWireName(rs.getString(2)),
                                Json.parseStringMap(rs.getString(3)),
                                rs.getTimestamp(4).toInstant(),
                                rs.getTimestamp(5).toInstant()));
                    }
                }
                return Page.of(fetched, page.limit(), s -> s.slug().value());
            }
        });
    }

    @Override
    public List<StackRef> deletingSince(Instant atOrBefore, int limit) {
        return tx.autocommit(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_DUE)) {
                ps.setTimestamp(1, Timestamp.from(atOrBefore));
                ps.setInt(2, limit);
                List<StackRef> due = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(new StackRef(TenantId.of(rs.getString(1)), Slug.of(rs.getString(2))));
                    }
                }
                return due;
            }
        });
    }
}
