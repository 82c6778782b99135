package dev.lockstep.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The mirror in the target PostgreSQL database: one table per kind,
 * {@code lockstep_<kind>(tenant_id, id, row jsonb, seq)} keyed by {@code (tenant_id, id)}, and the
 * cursors, {@code lockstep_sync_cursor(tenant_id, seq, updated_at)}.
 *
 * <p>{@link #apply} writes a page and moves the tenant's cursor in <b>one</b> transaction, so the
 * mirror is always exactly "every entry up to the cursor": a crash, a {@code kill -9} or a dropped
 * connection before the commit leaves rows and cursor as they were, and the page is fetched again.
 * Applying is idempotent anyway (an upsert replaces the row, a delete of an absent row does nothing),
 * but the cursor makes it exactly-once: the transaction locks the cursor row first and applies only
 * when the cursor is still where the page was asked from, so a second sync of the same tenant on the
 * same target cannot apply a page twice or move a cursor back.
 *
 * <p>One instance per follower thread: it owns one connection, opened on first use and opened again
 * after a failure that broke it.
 */
public final class Mirror implements AutoCloseable {
    /** The kinds a mirror keeps, each in its table {@code lockstep_<kind>}. */
    public enum Table {
        IDENTITY,
        RATELIMIT,
        SESSION,
        FEEDBACK_RECORD,
        WEBHOOK,
        STACK;

        /** The feed's name of the kind ({@code feedback_record}). */
        public String kind() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The target table ({@code lockstep_feedback_record}). */
        public String table() {
            return "lockstep_" + kind();
        }

        static Optional<Table> of(String kind) {
            return Arrays.stream(values()).filter(t -> t.kind().equals(kind)).findFirst();
        }
    }

    /** The feed's kind for a purge: "drop everything of this tenant before this entry". */
    public static final String TENANT_KIND = "tenant";

    public static final String CURSOR_TABLE = "lockstep_sync_cursor";

    /** Where the mirror lives. */
    public record Target(String url, String user, String password) {
        Connection connect() throws SQLException {
            Properties props = new Properties();
            if (user != null) {
                props.setProperty("user", user);
            }
            if (password != null) {
                props.setProperty("password", password);
            }
            // visible in pg_stat_activity, so an operator (and a test) can tell the sync's sessions apart
            props.putIfAbsent("ApplicationName", "lockstep-sync");
            return DriverManager.getConnection(url, props);
        }
    }

    /** The cursor moved between reading it and applying a page: another sync applied it first. */
    public static final class CursorMoved extends Exception {
        private static final long serialVersionUID = 1L;
        private final long stored;

        CursorMoved(long stored) {
            super("cursor moved to " + stored, null, false, false);
            this.stored = stored;
        }

        public long stored() {
            return stored;
        }
    }

    private final Target target;
    private final ObjectMapper json;
    private Connection connection;
    private final Map<Table, PreparedStatement> upserts = new EnumMap<>(Table.class);
    private final Map<Table, PreparedStatement> deletes = new EnumMap<>(Table.class);
    private final Map<Table, PreparedStatement> tenantDeletes = new EnumMap<>(Table.class);

    public Mirror(Target target, ObjectMapper json) {
        this.target = target;
        this.json = json;
    }

    /**
     * Creates the tables that are missing, in one transaction. Two syncs starting at once on one
     * target serialize on a transaction-scoped advisory lock, so neither trips over the other's
     * {@code CREATE TABLE IF NOT EXISTS} (which is not safe against itself in PostgreSQL).
     */
    public static void createTables(Target target) throws RetryableFailure, SyncFailure {
        try (Connection c = target.connect()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(hashtextextended('lockstep_sync|schema', 0))");
                st.execute("CREATE TABLE IF NOT EXISTS " + CURSOR_TABLE + " ("
                        + "tenant_id text PRIMARY KEY, seq bigint NOT NULL, "
                        + "updated_at timestamptz NOT NULL DEFAULT now())");
                for (Table t : Table.values()) {
                    st.execute("CREATE TABLE IF NOT EXISTS " + t.table() + " ("
                            + "tenant_id text NOT NULL, id text NOT NULL, row jsonb NOT NULL, seq bigint NOT NULL, "
                            + "PRIMARY KEY (tenant_id, id))");
                }
                // an identity's delete drops its ratelimits by identityId (see apply)
                st.execute("CREATE INDEX IF NOT EXISTS lockstep_ratelimit_identity ON " + Table.RATELIMIT.table()
                        + " (tenant_id, (row->>'identityId'))");
            }
            c.commit();
        } catch (SQLException e) {
            throw classify("creating the mirror's tables", e);
        }
    }

    /** The tenant's cursor: the seq of the last entry applied, 0 before the first. */
    public long cursor(String tenant) throws RetryableFailure, SyncFailure {
        try {
            Connection c = connection();
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT seq FROM " + CURSOR_TABLE + " WHERE tenant_id = ?")) {
                ps.setString(1, tenant);
                try (ResultSet rs = ps.executeQuery()) {
                    long seq = rs.next() ? rs.getLong(1) : 0;
                    c.commit();
                    return seq;
                }
            }
        } catch (SQLException e) {
            throw broken("reading the cursor of tenant " + tenant, e);
        }
    }

    /**
     * Applies {@code page} (asked for with {@code after}) and moves the tenant's cursor to its
     * {@code nextSeq}, all in one transaction.
     *
     * @return the number of entries applied
     * @throws CursorMoved the cursor is no longer {@code after} (nothing was applied)
     * @throws SyncFailure an entry of a kind this client does not know, or a statement the target
     *     refused for good (nothing was applied)
     * @throws RetryableFailure the target broke or is unavailable (nothing was applied)
     */
    public int apply(String tenant, long after, ChangePage page) throws CursorMoved, RetryableFailure, SyncFailure {
        Connection c;
        try {
            c = connection();
        } catch (SQLException e) {
            throw broken("connecting to the target", e);
        }
        try {
            long stored = lockCursor(c, tenant);
            if (stored != after) {
                c.rollback();
                throw new CursorMoved(stored);
            }
            for (Change change : page.items()) {
                applyOne(c, tenant, change);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE " + CURSOR_TABLE + " SET seq = ?, updated_at = now() WHERE tenant_id = ?")) {
                ps.setLong(1, page.nextSeq());
                ps.setString(2, tenant);
                ps.executeUpdate();
            }
            c.commit();
            return page.items().size();
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw broken("applying entries " + firstSeq(page) + ".." + page.nextSeq() + " of tenant " + tenant, e);
        } catch (SyncFailure | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
        }
    }

    private static long lockCursor(Connection c, String tenant) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement(
                "INSERT INTO " + CURSOR_TABLE + " (tenant_id, seq) VALUES (?, 0) ON CONFLICT (tenant_id) DO NOTHING")) {
            ins.setString(1, tenant);
            ins.executeUpdate();
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT seq FROM " + CURSOR_TABLE + " WHERE tenant_id = ? FOR UPDATE")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void applyOne(Connection c, String tenant, Change change) throws SQLException, SyncFailure {
        if (change.kind().equals(TENANT_KIND)) {
            if (change.op() != Change.Op.DELETE) {
                throw new SyncFailure("tenant " + tenant + ": entry seq " + change.seq()
                        + " is a tenant upsert; the feed only ever deletes a tenant (a purge)");
            }
            // a purge: everything of the tenant in the mirror was applied before this entry
            for (Table t : Table.values()) {
                PreparedStatement ps =
                        statement(c, tenantDeletes, t, "DELETE FROM " + t.table() + " WHERE tenant_id = ?");
                ps.setString(1, tenant);
                ps.executeUpdate();
            }
            return;
        }
        Table table = Table.of(change.kind())
                .orElseThrow(() -> new SyncFailure("tenant " + tenant + ": entry seq " + change.seq() + " has kind '"
                        + change.kind() + "', which this client does not know (is the server newer?);"
                        + " nothing of its page was applied"));
        if (change.op() == Change.Op.UPSERT) {
            PreparedStatement ps = statement(
                    c,
                    upserts,
                    table,
                    "INSERT INTO " + table.table() + " (tenant_id, id, row, seq) VALUES (?, ?, ?::jsonb, ?)"
                            + " ON CONFLICT (tenant_id, id) DO UPDATE SET row = excluded.row, seq = excluded.seq");
            ps.setString(1, tenant);
            ps.setString(2, change.id());
            ps.setString(3, text(change));
            ps.setLong(4, change.seq());
            ps.executeUpdate();
            return;
        }
        PreparedStatement ps =
                statement(c, deletes, table, "DELETE FROM " + table.table() + " WHERE tenant_id = ? AND id = ?");
        ps.setString(1, tenant);
        ps.setString(2, change.id());
        ps.executeUpdate();
        if (table == Table.IDENTITY) {
            // A deleted identity keeps its ratelimits in the service (soft delete, one kept generation),
            // but no route shows them any more and the feed deletes them only when that generation is
            // removed for good. The mirror shows what the API shows, so they go with their identity;
            // the later ratelimit deletes then find nothing, which is fine.
            try (PreparedStatement rl = c.prepareStatement(
                    "DELETE FROM " + Table.RATELIMIT.table() + " WHERE tenant_id = ? AND row->>'identityId' = ?")) {
                rl.setString(1, tenant);
                rl.setString(2, change.id());
                rl.executeUpdate();
            }
        }
    }

    private String text(Change change) throws SyncFailure {
        try {
            return json.writeValueAsString(change.row());
        } catch (JsonProcessingException e) {
            throw new SyncFailure(
                    "entry seq " + change.seq() + ": its row cannot be written as JSON: " + e.getMessage());
        }
    }

    private static PreparedStatement statement(
            Connection c, Map<Table, PreparedStatement> cache, Table table, String sql) throws SQLException {
        PreparedStatement ps = cache.get(table);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            cache.put(table, ps);
        }
        return ps;
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = target.connect();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            connection = c;
        }
        return connection;
    }

    /**
     * Sorts a failure: throws it as retryable (dropping the connection, which it broke or may have),
     * or returns it as final for the caller to throw.
     */
    private SyncFailure broken(String what, SQLException e) throws RetryableFailure {
        try {
            return classify(what, e);
        } catch (RetryableFailure r) {
            discardConnection();
            throw r;
        }
    }

    private void discardConnection() {
        upserts.clear();
        deletes.clear();
        tenantDeletes.clear();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is broken anyway
            }
            connection = null;
        }
    }

    /**
     * Waiting helps when the target is restarting, unreachable, out of connections or resources, or
     * when the statement lost a deadlock or serialization race; every other refusal (a permission,
     * a trigger, a full disk quota, a constraint of the user's own) needs a person.
     */
    static SyncFailure classify(String what, SQLException e) throws RetryableFailure {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = what + ": " + oneLine(e.getMessage()) + (state.isEmpty() ? "" : " [SQLState " + state + "]");
        boolean retryable = state.startsWith("08")
                || state.startsWith("40")
                || state.startsWith("53")
                || state.startsWith("57")
                || (state.isEmpty() && hasCause(e, IOException.class));
        if (retryable) {
            throw new RetryableFailure(message, null, e);
        }
        return new SyncFailure(message, e);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    private static String firstSeq(ChangePage page) {
        return page.items().isEmpty()
                ? String.valueOf(page.nextSeq())
                : String.valueOf(page.items().get(0).seq());
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection broke; the server rolls the transaction back when it notices
        }
    }

    @Override
    public void close() {
        discardConnection();
    }
}
