package dev.lockstep.sync.converge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.postgres.testing.TestPostgres;
import dev.lockstep.sync.FakeFeedAccess;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The convergence test's own parts, checked where they can be without the server: the comparison
 * finds every kind of difference, and the log reader understands what the client really prints.
 */
class ConvergenceCheckTest {
    private static JsonNode json(String text) throws Exception {
        return Api.JSON.readTree(text);
    }

    private static Snapshot snapshot(String tenant, String kind, Map<String, JsonNode> rows) {
        return new Snapshot(Map.of(tenant, Map.of(kind, rows)));
    }

    @Test
    void theComparisonFindsMissingExtraAndDifferingRowsButNotMemberOrder() throws Exception {
        Snapshot service = snapshot(
                "t",
                "webhook",
                Map.of(
                        "same", json("{\"id\":\"same\",\"enabled\":true,\"eventTypes\":[\"a\",\"b\"]}"),
                        "differs", json("{\"id\":\"differs\",\"enabled\":true}"),
                        "missing", json("{\"id\":\"missing\"}"),
                        "order", json("{\"id\":\"order\",\"eventTypes\":[\"a\",\"b\"]}")));
        Snapshot mirror = snapshot(
                "t",
                "webhook",
                Map.of(
                        "same", json("{\"eventTypes\":[\"a\",\"b\"],\"enabled\":true,\"id\":\"same\"}"),
                        "differs", json("{\"id\":\"differs\",\"enabled\":false}"),
                        "extra", json("{\"id\":\"extra\"}"),
                        "order", json("{\"id\":\"order\",\"eventTypes\":[\"b\",\"a\"]}")));

        Differences d = Differences.between(service, mirror, List.of("webhook"));

        assertThat(d.found())
                .hasSize(4)
                .anyMatch(f -> f.startsWith("t webhook differs: differs"))
                .anyMatch(f -> f.startsWith("t webhook missing: in the service, missing from the mirror"))
                .anyMatch(f -> f.startsWith("t webhook extra: in the mirror, not in the service"))
                .anyMatch(f -> f.startsWith("t webhook order: differs"));
        assertThat(d.compared()).containsEntry("webhook", 3);
    }

    @Test
    void equalSnapshotsHaveNoDifferences() throws Exception {
        Snapshot a =
                snapshot("t", "stack", Map.of("web", json("{\"slug\":\"web\",\"env\":{\"A\":\"1\",\"B\":\"2\"}}")));
        Snapshot b =
                snapshot("t", "stack", Map.of("web", json("{\"env\":{\"B\":\"2\",\"A\":\"1\"},\"slug\":\"web\"}")));

        Differences d = Differences.between(a, b, List.of("stack"));

        assertThat(d.none()).isTrue();
        assertThat(d.compared()).containsEntry("stack", 1);
    }

    @Test
    void theLogReaderUnderstandsTheClientsOwnLines() throws Exception {
        TestPostgres.Database db = TestPostgres.freshDatabase("conv_logs");
        List<String> lines = FakeFeedAccess.runOnceOverPages(db, "logs", 150);

        Map<String, Long> starts = SyncClientProcess.starts(lines, 0);
        List<SyncClientProcess.Status> statuses = SyncClientProcess.statuses(lines);

        assertThat(starts).containsOnlyKeys("logs").containsEntry("logs", 0L);
        assertThat(statuses)
                .extracting(SyncClientProcess.Status::what)
                .containsExactly("applied=100", "applied=50", "caught up, exiting (--once)");
        assertThat(statuses.get(0).caughtUp()).isFalse();
        assertThat(statuses.get(1).caughtUp()).isTrue();
        assertThat(statuses.get(1).total()).isEqualTo(150);
        assertThat(SyncClientProcess.appliedSince(lines, 0)).isTrue();
        assertThat(SyncClientProcess.loggedCursors(lines))
                .containsEntry("logs", statuses.get(2).cursor());
        assertThat(SyncLogs.lastStatuses(lines)).singleElement().asString().contains("caught up, exiting (--once)");
        assertThat(SyncClientProcess.failures(lines)).isEmpty();
    }
}
