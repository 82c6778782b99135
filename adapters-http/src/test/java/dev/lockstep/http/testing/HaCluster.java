package dev.lockstep.http.testing;

import dev.lockstep.postgres.testing.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL HA cluster {@code .ci/ha-cluster start} left running (etcd and two nodes under
 * Patroni), named by {@value #ENV} = the line that command printed: {@code <jdbc-url> <dir>}. Its
 * subcommands ({@code primary}, {@code kill-primary}, {@code switchover}) are run from here; a node is
 * reached directly by its {@code host:port}, outside the multi-host URL.
 */
public final class HaCluster {
    /** The environment variable naming the cluster. */
    public static final String ENV = "LOCKSTEP_HA_CLUSTER";

    private static final Pattern URL = Pattern.compile("^jdbc:postgresql://([^/]+)/([^?]+)(\\?.*)?$");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient REST =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String url;
    private final String databaseName;
    private final List<String> nodes;
    private final Path dir;
    private final Path script;
    /** The script's description of the cluster ({@code <dir>/cluster.env}: ports, replication mode). */
    private final Map<String, String> env;

    private HaCluster(
            String url, String databaseName, List<String> nodes, Path dir, Path script, Map<String, String> env) {
        this.url = url;
        this.databaseName = databaseName;
        this.nodes = nodes;
        this.dir = dir;
        this.script = script;
        this.env = env;
    }

    /**
     * The cluster {@value #ENV} names. Fails (never skips) when it is not set, malformed, or the cluster
     * has no primary that accepts a write.
     */
    public static HaCluster fromEnvironment() {
        String line = System.getenv(ENV);
        if (line == null || line.isBlank()) {
            throw new IllegalStateException(ENV + " is not set. This suite needs a running Patroni cluster:"
                    + " export " + ENV + "=\"$(.ci/ha-cluster start)\" (stop it with .ci/ha-cluster stop <dir>);"
                    + " .ci/run does this in its HA step.");
        }
        String[] parts = line.trim().split("\\s+");
        Matcher m = parts.length == 2 ? URL.matcher(parts[0]) : null;
        if (m == null || !m.matches()) {
            throw new IllegalStateException(
                    ENV + " must be '<jdbc-url> <dir>' as .ci/ha-cluster start prints it, got: " + line);
        }
        Path dir = Path.of(parts[1]);
        Map<String, String> env = new HashMap<>();
        try {
            for (String assignment : Files.readAllLines(dir.resolve("cluster.env"), StandardCharsets.UTF_8)) {
                int eq = assignment.indexOf('=');
                if (eq > 0) {
                    env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(ENV + " names " + dir + ", which holds no cluster (" + e + ")", e);
        }
        HaCluster cluster =
                new HaCluster(parts[0], m.group(2), List.of(m.group(1).split(",")), dir, findScript(), env);
        String primary = cluster.primary()
                .orElseThrow(() -> new IllegalStateException("the HA cluster in " + dir + " has no primary"));
        try (Connection c = cluster.connect(primary)) {
            c.createStatement().execute("SELECT 1");
        } catch (SQLException e) {
            throw new IllegalStateException("the HA cluster's primary " + primary + " does not answer: " + e, e);
        }
        return cluster;
    }

    private static Path findScript() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve(".ci/ha-cluster");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no executable .ci/ha-cluster above " + Path.of("").toAbsolutePath());
    }

    /** The multi-host JDBC URL ({@code targetServerType=primary}). */
    public String url() {
        return url;
    }

    /** The cluster's database as the test server is given it: the multi-host URL, user postgres, trust. */
    public TestPostgres.Database database() {
        return new TestPostgres.Database(databaseName, url, "postgres", "");
    }

    /** The same database through one node only, without {@code targetServerType}. */
    public TestPostgres.Database singleHost(String node) {
        return new TestPostgres.Database(
                databaseName, "jdbc:postgresql://" + node + "/" + databaseName, "postgres", "");
    }

    /** The nodes, {@code host:port}, as the URL lists them. */
    public List<String> nodes() {
        return nodes;
    }

    /** The node that is not {@code node}. */
    public String other(String node) {
        return nodes.stream()
                .filter(n -> !n.equals(node))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(node + " is the only node"));
    }

    /** Whether the cluster runs with {@code synchronous_mode} (else: asynchronous replication). */
    public boolean synchronous() {
        return "on".equals(env.get("SYNCHRONOUS"));
    }

    /** The current primary ({@code host:port}) as Patroni reports it, if there is one. */
    public Optional<String> primary() {
        Result r = run("primary");
        return r.exit == 0 ? Optional.of(r.stdout.trim()) : Optional.empty();
    }

    /** {@code kill -9} of the primary's postmaster; returns the node killed. */
    public String killPrimary() {
        return runOrFail("kill-primary");
    }

    /** A planned switchover; returns once the new primary accepts writes, and returns it. */
    public String switchover() {
        return runOrFail("switchover");
    }

    /** A direct connection to one node's database (no failover, short connect and login timeouts). */
    public Connection connect(String node) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "1");
        props.setProperty("loginTimeout", "2");
        props.setProperty("socketTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + node + "/" + databaseName, props);
    }

    /**
     * Whether {@code standby} could take over from {@code primary} now: it streams to it as the
     * synchronous standby, and Patroni has recorded it as such (or, asynchronous cluster: it streams).
     * Before Patroni records it, a crashed primary is restarted in place instead of failing over.
     */
    public boolean standbyReady(String primary, String standby) {
        // Patroni names each standby's walreceiver by its member name: node1, node2 in the URL's order
        int n = nodes.indexOf(standby) + 1;
        try (Connection c = connect(primary);
                PreparedStatement ps = c.prepareStatement(
                        "SELECT sync_state FROM pg_stat_replication WHERE state = 'streaming' AND application_name = ?")) {
            ps.setString(1, "node" + n);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getString(1).equals(synchronous() ? "sync" : "async")) {
                    return false;
                }
            }
        } catch (SQLException e) {
            return false;
        }
        return !synchronous() || restStatus(n, "sync") == 200;
    }

    /** The HTTP status of a GET of Patroni's REST API on node {@code n} (1 or 2); 0 without an answer. */
    private int restStatus(int n, String endpoint) {
        URI uri = URI.create("http://127.0.0.1:" + env.get("REST" + n) + "/" + endpoint);
        try {
            return REST.send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(1))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Writes to one node every 10 ms from one session until a write commits there, as a user of that
     * node would see it: while it is a standby it only asks whether it still is, once promoted it
     * takes the write (the session survives the promotion; it is opened again if it breaks). {@link #acceptedAtNanos} is when the first write
     * committed ({@link System#nanoTime}), -1 before.
     */
    public final class WriteProbe implements AutoCloseable {
        private final String node;
        private final AtomicLong acceptedAt = new AtomicLong(-1);
        private final Thread thread;
        private volatile boolean stopped;

        private WriteProbe(String node) {
            this.node = node;
            this.thread = new Thread(this::probe, "write-probe " + node);
            thread.setDaemon(true);
            thread.start();
        }

        private void probe() {
            Connection c = null;
            while (!stopped && acceptedAt.get() < 0) {
                try {
                    if (c == null || c.isClosed()) {
                        c = connect(node);
                    }
                    try (Statement st = c.createStatement();
                            ResultSet inRecovery = st.executeQuery("SELECT pg_is_in_recovery()")) {
                        inRecovery.next();
                        // a standby would refuse the write (and log it); ask until it is promoted
                        if (!inRecovery.getBoolean(1)) {
                            st.execute("INSERT INTO failover_probe VALUES (now())");
                            acceptedAt.set(System.nanoTime());
                        }
                    }
                } catch (SQLException e) {
                    closeQuietly(c);
                    c = null; // broken or not reachable: a new session next time
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            closeQuietly(c);
        }

        public String node() {
            return node;
        }

        public long acceptedAtNanos() {
            return acceptedAt.get();
        }

        /** Waits until the node accepted a write; returns when ({@link System#nanoTime}). */
        public long awaitAccepted(Duration bound) {
            awaitUntil(node + " accepts writes", bound, () -> acceptedAt.get() >= 0);
            return acceptedAt.get();
        }

        @Override
        public void close() {
            stopped = true;
        }
    }

    /** Starts writing to {@code node}, into the table {@link #createProbeTable} made. */
    public WriteProbe probeWrites(String node) {
        return new WriteProbe(node);
    }

    /** Creates the probe's table on the primary (replicated to the standby). */
    public void createProbeTable() {
        String primary = primary().orElseThrow(() -> new IllegalStateException("no primary"));
        try (Connection c = connect(primary);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS failover_probe (at timestamptz NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the probe table on " + primary + ": " + e, e);
        }
    }

    /** Polls {@code condition} every 20 ms for at most {@code bound}, then fails. */
    public static void awaitUntil(String what, Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + bound.toSeconds() + " s waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }

    private record Result(int exit, String stdout, String stderr) {}

    private String runOrFail(String subcommand) {
        Result r = run(subcommand);
        if (r.exit != 0) {
            throw new IllegalStateException(
                    ".ci/ha-cluster " + subcommand + " failed (exit " + r.exit + "): " + r.stderr.trim());
        }
        return r.stdout.trim();
    }

    private Result run(String subcommand) {
        List<String> command = new ArrayList<>(List.of(script.toString(), subcommand, dir.toString()));
        try {
            Path out = Files.createTempFile("ha-cluster", ".out");
            Path err = Files.createTempFile("ha-cluster", ".err");
            try {
                Process p = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!p.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(
                            String.join(" ", command) + " did not end within " + SCRIPT_TIMEOUT);
                }
                return new Result(
                        p.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
