package dev.lockstep.sync;

import dev.lockstep.postgres.testing.TestPostgres;
import java.util.List;

/** Lets tests of other packages run the client against the package's fake feed. */
public final class FakeFeedAccess {
    private FakeFeedAccess() {}

    /** A {@code --once} run over {@code entries} feedback records of one tenant; answers its log lines. */
    public static List<String> runOnceOverPages(TestPostgres.Database db, String tenant, int entries) throws Exception {
        try (FakeFeed feed = new FakeFeed()) {
            for (int i = 0; i < entries; i++) {
                feed.upsert(tenant, "feedback_record", "r" + i, Rows.feedbackRecord("r" + i, "x"));
            }
            SyncRuns.Run run = SyncRuns.run(feed, db, "--tenant", tenant, "--once");
            if (run.failure() != null) {
                throw new AssertionError(run.log(), run.failure());
            }
            return run.lines();
        }
    }
}
