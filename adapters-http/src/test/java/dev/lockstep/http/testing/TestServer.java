package dev.lockstep.http.testing;

import dev.lockstep.http.support.ApiKeys;
import dev.lockstep.postgres.testing.TestPostgres;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real Lockstep server on a random port, for black-box HTTP tests on either storage. Requests go
 * through the JDK HTTP client, exactly as an outside client would send them.
 */
public final class TestServer implements AutoCloseable {

    /** Which storage the server runs on. */
    public enum Storage {
        MEMORY,
        POSTGRES
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final String adminKey;
    private final TestPostgres.Database database;

    private TestServer(ApplicationContext context, String adminKey, TestPostgres.Database database) {
        this.context = context;
        this.server = context.getBean(EmbeddedServer.class);
        this.adminKey = adminKey;
        this.database = database;
    }

    public static TestServer start(Storage storage) {
        return start(storage, Map.of());
    }

    /** Starts a server; on POSTGRES with a fresh database of its own. */
    public static TestServer start(Storage storage, Map<String, Object> extraProperties) {
        return storage == Storage.POSTGRES
                ? startOn(TestPostgres.freshDatabase("http"), extraProperties)
                : launch(null, extraProperties);
    }

    /** Starts a PostgreSQL server on an existing database, e.g. a second instance sharing it. */
    public static TestServer startOn(TestPostgres.Database database, Map<String, Object> extraProperties) {
        return launch(database, extraProperties);
    }

    private static TestServer launch(TestPostgres.Database database, Map<String, Object> extraProperties) {
        String adminKey = "test-admin-" + UUID.randomUUID();
        Map<String, Object> props = new HashMap<>();
        props.put("micronaut.server.port", -1);
        props.put("lockstep.bootstrap-admin-key", adminKey);
        if (database != null) {
            props.put("lockstep.storage", "postgres");
            props.put("datasources.default.url", database.url());
            props.put("datasources.default.username", database.user());
            props.put("datasources.default.password", database.password());
            props.put("datasources.default.maximum-pool-size", 16);
            // on demand, so parallel test classes stay within the server's max_connections
            props.put("datasources.default.minimum-idle", 0);
        } else {
            props.put("lockstep.storage", "memory");
        }
        props.putAll(extraProperties);
        ApplicationContext context =
                ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext();
        return new TestServer(context, adminKey, database);
    }

    /**
     * Properties that configure one extra API key ({@code lockstep.api-keys[index]}), stored as its
     * SHA-256 like an operator would.
     */
    public static Map<String, Object> apiKey(int index, String name, String key, List<String> tenants, boolean admin) {
        String prefix = "lockstep.api-keys[" + index + "].";
        return Map.of(
                prefix + "name", name,
                prefix + "sha256", ApiKeys.sha256Hex(key),
                prefix + "tenants", tenants,
                prefix + "admin", admin);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    public String adminKey() {
        return adminKey;
    }

    /** The database of a POSTGRES server ({@code null} in memory). */
    public TestPostgres.Database database() {
        return database;
    }

    public ApplicationContext context() {
        return context;
    }

    /** Sends a request with the admin key. */
    public Response send(String method, String path, String jsonBody) {
        return send(method, path, jsonBody, adminKey, Map.of());
    }

    /** Sends a request; {@code key} null sends no Authorization header. */
    public Response send(String method, String path, String jsonBody, String key) {
        return send(method, path, jsonBody, key, Map.of());
    }

    public Response send(String method, String path, String body, String key, Map<String, String> headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        boolean hasContentType = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Content-Type"));
        if (body != null && !hasContentType) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    /** What came back. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        /** The body parsed as JSON (objects are {@code Map}, arrays {@code List}). */
        public Object json() {
            return TestJson.parse(body);
        }

        @SuppressWarnings("unchecked")
        public Map<String, Object> object() {
            return (Map<String, Object>) json();
        }

        /** First value of a header, case-insensitive, or null. */
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
