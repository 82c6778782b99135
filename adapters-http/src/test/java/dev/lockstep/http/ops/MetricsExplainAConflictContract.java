package dev.lockstep.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** An operator reading {@code /metrics} (or the Grafana dashboard over it) after a conflict. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MetricsExplainAConflictContract {
    private static final Path DASHBOARD = Path.of("..", "ops", "grafana", "lockstep-conflicts.json");
    private static final Pattern METRIC = Pattern.compile("\\b((?:lockstep|http_server)_[a-z_]+)\\b");
    TestServer server;

    abstract TestServer.Storage storage();

    @BeforeAll
    void start() {
        server = TestServer.start(storage());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static double sample(String scrape, String series) {
        return scrape.lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .findFirst()
                .orElse(-1);
    }

    String scrape() {
        TestServer.Response r = server.send("GET", "/metrics", null, null);
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    @Test
    void aConflictIsCountedByItsCode() {
        String tenant = "metrics-" + System.nanoTime();
        String body = "{\"externalId\":\"dup\"}";
        assertThat(server.send("POST", "/v1/tenants/" + tenant + "/identities", body)
                        .status())
                .isEqualTo(201);
        double before = sample(scrape(), "lockstep_conflicts_total{code=\"identity_exists\"}");
        assertThat(server.send("POST", "/v1/tenants/" + tenant + "/identities", body)
                        .status())
                .isEqualTo(409);
        assertThat(sample(scrape(), "lockstep_conflicts_total{code=\"identity_exists\"}"))
                .isEqualTo(before + 1);
    }

    @Test
    void everyLockKindAndStorageFailureKindIsServedFromStartUp() {
        String scrape = scrape();
        for (String kind : new String[] {"tenant", "row", "org", "slug", "connection"}) {
            assertThat(scrape).contains("lockstep_lock_wait_seconds_bucket{kind=\"" + kind + "\"");
        }
        assertThat(scrape).contains("lockstep_storage_failures_total{kind=\"storage_unavailable\"}");
        for (String kind : new String[] {"feedback_record_create", "webhook_create", "stack_env_merge"}) {
            assertThat(scrape).contains("lockstep_group_commit_batch_size_count{kind=\"" + kind + "\"}");
        }
        assertThat(scrape).contains("lockstep_conflicts_total{code=\"tenant_write_conflict\"}");
    }

    @Test
    void eachEnvMergeUnitRecordsThePatchesItCarried() {
        String tenant = "env-batches-" + System.nanoTime();
        String count = "lockstep_group_commit_batch_size_count{kind=\"stack_env_merge\"}";
        String sum = "lockstep_group_commit_batch_size_sum{kind=\"stack_env_merge\"}";
        assertThat(server.send("POST", "/v1/tenants/" + tenant + "/stacks", "{\"slug\":\"web\"}")
                        .status())
                .isEqualTo(201);
        String before = scrape();
        assertThat(server.send("PATCH", "/v1/tenants/" + tenant + "/stacks/web/env", "{\"env\":{\"A\":\"1\"}}")
                        .status())
                .isEqualTo(200);
        String after = scrape();
        // a lone PATCH is a unit of one
        assertThat(sample(after, count)).isEqualTo(sample(before, count) + 1);
        assertThat(sample(after, sum)).isEqualTo(sample(before, sum) + 1);
    }

    @Test
    void everyMetricTheDashboardQueriesIsServed() throws IOException {
        server.send("GET", "/v1/tenants/acme/identities", null); // so request timings exist
        String dashboard = Files.readString(DASHBOARD);
        Set<String> named = new TreeSet<>();
        Matcher m = METRIC.matcher(dashboard);
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named).contains("lockstep_conflicts_total", "lockstep_lock_wait_seconds_bucket");
        String scrape = scrape();
        for (String metric : named) {
            assertThat(scrape.lines().anyMatch(l -> l.startsWith(metric + "{") || l.startsWith(metric + " ")))
                    .as(metric + " is on /metrics")
                    .isTrue();
        }
    }
}
