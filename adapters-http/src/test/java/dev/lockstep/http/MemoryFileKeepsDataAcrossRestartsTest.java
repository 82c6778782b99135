package dev.lockstep.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.contract.Await;
import dev.lockstep.http.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lockstep.memory.file}: the in-memory storage kept in an H2 file survives a restart with
 * every write that was acknowledged, and a second process on the same file is refused at start-up.
 */
class MemoryFileKeepsDataAcrossRestartsTest {

    @TempDir
    Path dir;

    private Map<String, Object> onFile(String teardownDelay) {
        return Map.of(
                "lockstep.memory.file",
                dir.resolve("lockstep").toString(),
                "lockstep.stacks.teardown-delay",
                teardownDelay);
    }

    @Test
    void aRestartFindsEveryAcknowledgedWriteAndResumesAPendingTeardown() {
        String tenant = "acme";
        String identityId;
        String recordId;
        try (TestServer first = TestServer.start(TestServer.Storage.MEMORY, onFile("1h"))) {
            TestServer.Response identity = first.send(
                    "POST",
                    "/v1/tenants/" + tenant + "/identities",
                    "{\"externalId\":\"ext-1\",\"meta\":{\"plan\":\"pro\"}}");
            assertThat(identity.status()).as(identity.toString()).isEqualTo(201);
            identityId = (String) identity.object().get("id");
            TestServer.Response record =
                    first.send("POST", "/v1/tenants/" + tenant + "/feedback-records", "{\"payload\":{\"score\":5}}");
            assertThat(record.status()).as(record.toString()).isEqualTo(201);
            recordId = (String) record.object().get("id");
            for (String slug : List.of("kept", "torn-down")) {
                TestServer.Response stack = first.send(
                        "POST",
                        "/v1/tenants/" + tenant + "/stacks",
                        "{\"slug\":\"" + slug + "\",\"env\":{\"A\":\"1\"}}");
                assertThat(stack.status()).as(stack.toString()).isEqualTo(201);
            }
            TestServer.Response patched =
                    first.send("PATCH", "/v1/tenants/" + tenant + "/stacks/kept/env", "{\"env\":{\"B\":\"2\"}}");
            assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
            // an hour's delay: the stack is still 'deleting' when this server stops
            TestServer.Response deleting = first.send("DELETE", "/v1/tenants/" + tenant + "/stacks/torn-down", null);
            assertThat(deleting.status()).as(deleting.toString()).isEqualTo(202);
        }

        try (TestServer second = TestServer.start(TestServer.Storage.MEMORY, onFile("0s"))) {
            TestServer.Response identity = second.send("GET", "/v1/tenants/" + tenant + "/identities/ext-1", null);
            assertThat(identity.status()).as(identity.toString()).isEqualTo(200);
            assertThat(identity.object()).containsEntry("id", identityId).containsEntry("meta", Map.of("plan", "pro"));
            TestServer.Response record =
                    second.send("GET", "/v1/tenants/" + tenant + "/feedback-records/" + recordId, null);
            assertThat(record.status()).as(record.toString()).isEqualTo(200);
            TestServer.Response kept = second.send("GET", "/v1/tenants/" + tenant + "/stacks/kept", null);
            assertThat(kept.object()).containsEntry("env", Map.of("A", "1", "B", "2"));

            // the teardown left pending by the first server runs on the second
            Await.until(
                    "the restarted server tore the stack down",
                    () -> second.send("GET", "/v1/tenants/" + tenant + "/stacks/torn-down", null)
                                    .status()
                            == 404);
            TestServer.Response deletions = second.send("GET", "/v1/tenants/" + tenant + "/deletions", null);
            assertThat(deletions.body()).contains("\"kind\":\"stack\"").contains("\"id\":\"torn-down\"");
            TestServer.Response audit = second.send("GET", "/v1/tenants/" + tenant + "/audit-events", null);
            assertThat(audit.body())
                    .contains("identity.create")
                    .contains("stack.env.update")
                    .contains("stack.delete");
        }
    }

    @Test
    void aSecondProcessOnTheSameFileIsRefusedWithOneLineAndExitCode1() throws Exception {
        Path file = dir.resolve("lockstep");
        try (TestServer owner = TestServer.start(TestServer.Storage.MEMORY, onFile("2s"))) {
            ProcessBuilder second = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Application.class.getName());
            second.environment().put("LOCKSTEP_MEMORY_FILE", file.toString());
            second.environment().put("MICRONAUT_SERVER_PORT", "-1");
            second.environment().put("LOCKSTEP_BOOTSTRAP_ADMIN_KEY", "second");
            second.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Path err = dir.resolve("second.err");
            second.redirectError(err.toFile());
            Process process = second.start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS))
                    .as("the second process ends")
                    .isTrue();

            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(lines(err))
                    .containsExactly("lockstep: cannot start: lockstep.memory.file " + file.toAbsolutePath()
                            + " is in use by another process (one process at a time may open it)");
            // the owner is unharmed
            assertThat(owner.send("POST", "/v1/tenants/acme/stacks", "{\"slug\":\"still-here\"}")
                            .status())
                    .isEqualTo(201);
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .toList();
    }
}
