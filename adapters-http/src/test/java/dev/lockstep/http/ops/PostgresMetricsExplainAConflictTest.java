package dev.lockstep.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.testing.TestServer;
import org.junit.jupiter.api.Test;

class PostgresMetricsExplainAConflictTest extends MetricsExplainAConflictContract {
    @Override
    TestServer.Storage storage() {
        return TestServer.Storage.POSTGRES;
    }

    @Test
    void eachWriteRecordsItsTenantLockAndAnEnvPatchItsRowLock() {
        String tenant = "locks-" + System.nanoTime();
        String tenantGranted = "lockstep_lock_wait_seconds_count{kind=\"tenant\",outcome=\"granted\"}";
        String rowGranted = "lockstep_lock_wait_seconds_count{kind=\"row\",outcome=\"granted\"}";
        String before = scrape();
        assertThat(server.send("POST", "/v1/tenants/" + tenant + "/stacks", "{\"slug\":\"web\"}")
                        .status())
                .isEqualTo(201);
        assertThat(server.send("PATCH", "/v1/tenants/" + tenant + "/stacks/web/env", "{\"env\":{\"A\":\"1\"}}")
                        .status())
                .isEqualTo(200);
        String after = scrape();
        assertThat(sample(after, tenantGranted)).isGreaterThan(sample(before, tenantGranted));
        assertThat(sample(after, rowGranted)).isEqualTo(sample(before, rowGranted) + 1);
    }

    @Test
    void eachGatedCreateStatementRecordsTheRequestsItCarried() {
        String tenant = "batches-" + System.nanoTime();
        String count = "lockstep_group_commit_batch_size_count{kind=\"feedback_record_create\"}";
        String sum = "lockstep_group_commit_batch_size_sum{kind=\"feedback_record_create\"}";
        String before = scrape();
        assertThat(server.send("POST", "/v1/tenants/" + tenant + "/feedback-records", "{\"payload\":{}}")
                        .status())
                .isEqualTo(201);
        String after = scrape();
        // a lone create is a statement of one
        assertThat(sample(after, count)).isEqualTo(sample(before, count) + 1);
        assertThat(sample(after, sum)).isEqualTo(sample(before, sum) + 1);
    }
}
