package dev.lockstep.http.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.lockstep.http.org.IdpWebhookSignature;
import dev.lockstep.http.support.RequestIds;
import dev.lockstep.http.testing.TestJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server (the fat jar, started as an operator starts it) with {@code
 * LOCKSTEP_LOG_FORMAT=json}: every line it writes to stdout from start to shutdown is one JSON
 * object with time, level, logger, thread and message, and the lines written while a request runs
 * carry the {@code requestId} its answer has: the request log's line of a write and of a problem,
 * and a line the IdP push writes from the controller's blocking thread.
 */
class JsonLogsIT {
    private static final Duration START_UP = Duration.ofSeconds(120);
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    private static final String KEY_LINE = "generated admin key (shown once): ";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    @TempDir
    Path dir;

    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private int port;

    @Test
    void everyLineOfARunIsAJsonObjectAndARequestsLinesCarryItsRequestId() throws Exception {
        String secret = "whsec_" + UUID.randomUUID();
        Process server = start(secret);
        Thread reader = drain(server);
        String adminKey;
        Answer created;
        Answer missing;
        Answer event;
        String sentId = "json-logs-it-" + UUID.randomUUID();
        try {
            adminKey = awaitGeneratedKey(server);
            awaitHealthy(server);

            created = send(
                    "POST",
                    "/v1/tenants/acme/feedback-records",
                    "{\"payload\":{\"score\":5}}",
                    Map.of("Authorization", "Bearer " + adminKey, RequestIds.HEADER, sentId));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            missing = send(
                    "GET",
                    "/v1/tenants/acme/feedback-records/" + UUID.randomUUID(),
                    null,
                    Map.of("Authorization", "Bearer " + adminKey));
            assertThat(missing.status()).as(missing.body()).isEqualTo(404);
            event = deliverOrganizationCreated(secret);
            assertThat(event.status()).as(event.body()).isEqualTo(200);
        } finally {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }

        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : stdout) {
            try {
                lines.add(JsonLine.parse(line));
            } catch (IllegalArgumentException e) {
                fail("a stdout line is not one JSON object: " + e.getMessage() + "\nstderr: " + stderr());
            }
        }
        assertThat(lines).as("lines on stdout").isNotEmpty();
        assertThat(lines).allSatisfy(line -> {
            assertThat(line).containsKeys("time", "level", "logger", "thread", "message");
            assertThat(Instant.parse((String) line.get("time"))).isNotNull();
            assertThat(LEVELS).contains((String) line.get("level"));
            assertThat(line.get("logger")).isInstanceOf(String.class);
            assertThat(line.get("message")).isInstanceOf(String.class);
        });

        // start-up lines belong to no request
        assertThat(lines)
                .filteredOn(line -> "dev.lockstep.http.StartupChecks".equals(line.get("logger")))
                .singleElement()
                .satisfies(line -> assertThat(line).doesNotContainKey("requestId"));
        assertThat(lines)
                .filteredOn(line -> ((String) line.get("message")).contains(KEY_LINE))
                .singleElement()
                .satisfies(line -> assertThat(line).doesNotContainKey("requestId"));

        // the write: the id the client sent, echoed, is on its request line
        assertThat(created.requestId()).isEqualTo(sentId);
        assertThat(requestLines(lines, sentId)).singleElement().satisfies(line -> assertThat(line)
                .containsEntry("method", "POST")
                .containsEntry("path", "/v1/tenants/acme/feedback-records")
                .containsEntry("status", 201L)
                .doesNotContainKey("code")
                .containsKey("durationMs"));

        // the problem: its requestId and code find its line
        Map<String, Object> problem = TestJson.parseObject(missing.body());
        String problemId = (String) problem.get("requestId");
        assertThat(problemId).isEqualTo(missing.requestId());
        assertThat(requestLines(lines, problemId)).singleElement().satisfies(line -> assertThat(line)
                .containsEntry("status", 404L)
                .containsEntry("code", problem.get("code"))
                .containsEntry("level", "INFO"));

        // a line the controller writes on its blocking thread (every controller is @ExecuteOn(BLOCKING))
        assertThat(lines)
                .filteredOn(line -> event.requestId().equals(line.get("requestId")))
                .extracting(line -> line.get("logger"))
                .contains("dev.lockstep.http.org.LogOnlyIdpDirectory", RequestLog.class.getName());
    }

    private static List<Map<String, Object>> requestLines(List<Map<String, Object>> lines, String requestId) {
        return lines.stream()
                .filter(line -> RequestLog.class.getName().equals(line.get("logger")))
                .filter(line -> requestId.equals(line.get("requestId")))
                .toList();
    }

    private Process start(String webhookSecret) throws IOException {
        Path jar = Path.of(System.getProperty("lockstep.jar", "target/lockstep.jar"));
        if (!Files.isRegularFile(jar)) {
            fail(jar + " is missing: this test runs after `package` (mvn verify runs it with failsafe)");
        }
        try (ServerSocket free = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar.toAbsolutePath().toString());
        // only this test's settings: nothing of the machine's LOCKSTEP_*, MICRONAUT_* or DATASOURCES_*
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("LOCKSTEP_")
                        || name.startsWith("MICRONAUT_")
                        || name.startsWith("DATASOURCES_"));
        builder.environment().put("LOCKSTEP_LOG_FORMAT", "json");
        builder.environment().put("LOCKSTEP_LOG_REQUESTS", "true");
        builder.environment().put("LOCKSTEP_IDP_WEBHOOK_SECRET", webhookSecret);
        builder.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(port));
        builder.redirectError(dir.resolve("stderr").toFile());
        return builder.start();
    }

    private Thread drain(Process server) {
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = in.readLine(); line != null; line = in.readLine()) {
                            stdout.add(line);
                        }
                    } catch (IOException e) {
                        stdout.add("<stdout unreadable: " + e + ">");
                    }
                },
                "json-logs-stdout");
        reader.start();
        return reader;
    }

    private String awaitGeneratedKey(Process server) {
        long deadline = System.nanoTime() + START_UP.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : stdout) {
                int at = line.indexOf(KEY_LINE);
                if (at >= 0) {
                    Object message = JsonLine.parse(line).get("message");
                    String text = String.valueOf(message);
                    return text.substring(text.indexOf(KEY_LINE) + KEY_LINE.length())
                            .strip();
                }
            }
            assertAlive(server);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new AssertionError("no generated admin key within " + START_UP + "; stdout: " + stdout);
    }

    private void awaitHealthy(Process server) {
        long deadline = System.nanoTime() + START_UP.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (send("GET", "/health", null, Map.of()).status() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            assertAlive(server);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new AssertionError("/health did not answer 200 within " + START_UP + "; stdout: " + stdout);
    }

    private void assertAlive(Process server) {
        if (!server.isAlive()) {
            throw new AssertionError(
                    "the server exited with " + server.exitValue() + "; stdout: " + stdout + "\nstderr: " + stderr());
        }
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("stderr"));
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }

    private Answer deliverOrganizationCreated(String secret) {
        String at = Instant.now().toString();
        String body = "{\"object\":\"event\",\"id\":\"event_"
                + UUID.randomUUID().toString().replace("-", "")
                + "\",\"event\":\"organization.created\",\"data\":{\"object\":\"organization\",\"id\":\"org_"
                + UUID.randomUUID().toString().replace("-", "") + "\",\"name\":\"Json Logs Corp\","
                + "\"external_id\":null,\"domains\":[],\"created_at\":\"" + at + "\",\"updated_at\":\"" + at
                + "\"},\"created_at\":\"" + at + "\"}";
        String signature = new IdpWebhookSignature(secret, Duration.ofSeconds(180))
                .header(body.getBytes(StandardCharsets.UTF_8), Instant.now());
        return send("POST", "/v1/idp/events", body, Map.of(IdpWebhookSignature.HEADER, signature));
    }

    private record Answer(int status, String requestId, String body) {}

    private Answer send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    answer.statusCode(),
                    answer.headers().firstValue(RequestIds.HEADER).orElse(null),
                    answer.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
