package dev.lockstep.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.postgres.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the sync walks the feed: pages back to back, polling, retries, and the answers that end it. */
class FollowingTheFeedTest {
    private static TestPostgres.Database db;
    private static MirrorTables mirror;
    private FakeFeed feed;

    @BeforeAll
    static void target() {
        db = TestPostgres.freshDatabase("sync_follow");
        mirror = new MirrorTables(db);
    }

    @BeforeEach
    void start() throws Exception {
        feed = new FakeFeed();
    }

    @AfterEach
    void stop() {
        feed.close();
    }

    private static String tenant(String hint) {
        return hint + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private List<Long> askedAfter(String tenant) {
        return feed.asked().stream()
                .filter(a -> a.tenant().equals(tenant))
                .map(FakeFeed.Asked::after)
                .toList();
    }

    @Test
    void fullPagesComeBackToBackAndOnceEndsAtTheFirstPageThatIsNotFull() throws Exception {
        String t = tenant("pages");
        long[] seqs = new long[250];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = feed.upsert(t, "feedback_record", "r" + i, Rows.feedbackRecord("r" + i, "n" + i));
        }

        SyncRuns.Run run = SyncRuns.run(feed, db, "--tenant", t, "--once", "--limit", "100");

        assertThat(run.failure()).as(run.log()).isNull();
        assertThat(askedAfter(t)).containsExactly(0L, seqs[99], seqs[199]);
        assertThat(mirror.rows("feedback_record", t)).hasSize(250);
        assertThat(mirror.cursor(t)).isEqualTo(seqs[249]);
        List<String> pages =
                run.lines().stream().filter(l -> l.contains(" applied=")).toList();
        assertThat(pages).hasSize(3);
        assertThat(pages.get(0)).contains("tenant=" + t + " applied=100 cursor=" + seqs[99], "caught-up=no");
        assertThat(pages.get(1)).contains("applied=100 cursor=" + seqs[199], "total=200", "caught-up=no");
        assertThat(pages.get(2)).contains("applied=50 cursor=" + seqs[249], "total=250", "caught-up=yes lag=0.0s");
        assertThat(run.lines()).last().asString().contains("caught up, exiting (--once)");
    }

    @Test
    void followingPicksUpNewEntriesOfEveryTenantUntilStopped() throws Exception {
        String a = tenant("follow-a");
        String b = tenant("follow-b");
        feed.upsert(a, "stack", "one", Rows.stack("one"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Sync sync = SyncRuns.sync(out, SyncRuns.args(feed, db, "--tenant", a, "--tenant", b, "--poll", "20ms"));
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                sync.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            await(() -> cursor(a) == feed.lastSeq(a), "the first entry applied");
            feed.upsert(a, "stack", "two", Rows.stack("two"));
            feed.upsert(b, "webhook", "w", Rows.webhook("w", b, "https://example.org/w"));
            await(() -> cursor(a) == feed.lastSeq(a) && cursor(b) == feed.lastSeq(b), "the later entries applied");
        } finally {
            sync.stop();
        }
        running.get(30, TimeUnit.SECONDS);

        assertThat(mirror.rows("stack", a)).containsOnlyKeys("one", "two");
        assertThat(mirror.rows("webhook", b)).containsOnlyKeys("w");
        String log = out.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("tenant=" + a + " stopped cursor=" + feed.lastSeq(a), "caught-up=yes");
        assertThat(log).contains("tenant=" + b + " stopped cursor=" + feed.lastSeq(b));
    }

    @Test
    void retryableAnswersAndDroppedConnectionsAreAskedAgainFromTheSameCursor() throws Exception {
        String t = tenant("retry");
        for (int i = 0; i < 5; i++) {
            feed.upsert(t, "feedback_record", "r" + i, Rows.feedbackRecord("r" + i, "x"));
        }
        feed.failNext(503, "storage_unavailable", true);
        feed.dropNext();
        feed.failNext(503, "lock_timeout", true);
        feed.failNext(502, "bad_gateway", false);

        SyncRuns.Run run = SyncRuns.run(feed, db, "--tenant", t, "--once");

        assertThat(run.failure()).as(run.log()).isNull();
        assertThat(askedAfter(t)).containsExactly(0L, 0L, 0L, 0L, 0L);
        assertThat(mirror.rows("feedback_record", t)).hasSize(5);
        // the JDK's client itself asks once more on a connection closed with no answer, so the drop may
        // or may not reach the sync's own retry; either way it was asked for again from cursor 0
        assertThat(run.lines().stream().filter(l -> l.contains(" retry in ")))
                .hasSizeBetween(3, 4)
                .anyMatch(l -> l.contains("503 storage_unavailable"))
                .anyMatch(l -> l.contains("503 lock_timeout"))
                .anyMatch(l -> l.contains("502"));
    }

    @Test
    void retryableFailuresLastingLongerThanRetryForEndTheSync() throws Exception {
        String t = tenant("giveup");
        feed.upsert(t, "stack", "s", Rows.stack("s"));
        for (int i = 0; i < 10_000; i++) {
            feed.failNext(503, "storage_unavailable", true);
        }

        SyncRuns.Run run = SyncRuns.run(feed, db, "--tenant", t, "--once", "--retry-for", "300ms");

        assertThat(run.failure()).isNotNull();
        assertThat(run.failure().getMessage())
                .startsWith("tenant " + t + ": gave up after")
                .contains("--retry-for 0.3s", "503 storage_unavailable");
        assertThat(mirror.rows("stack", t)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"400, validation_failed", "401, unauthorized", "403, forbidden", "404, not_found"})
    void aRefusalEndsTheSyncWithOneLineAndNothingApplied(int status, String code) throws Exception {
        String t = tenant("refused");
        feed.upsert(t, "stack", "s", Rows.stack("s"));
        feed.failNext(status, code, false);

        SyncRuns.Run run = SyncRuns.run(feed, db, "--tenant", t, "--once");

        assertThat(run.failure()).isNotNull();
        assertThat(run.failure().getMessage())
                .startsWith("GET /v1/tenants/" + t + "/changes answered " + status + " " + code)
                .doesNotContain("\n");
        assertThat(askedAfter(t)).containsExactly(0L);
        assertThat(mirror.rows("stack", t)).isEmpty();
    }

    @Test
    void theCommandExitsNonZeroOnATenantOutsideTheKeysScope() throws Exception {
        String t = tenant("scope");
        feed.forbid(t);

        int status = SyncMain.run(SyncRuns.args(feed, db, "--tenant", t, "--once"));

        assertThat(status).isEqualTo(1);
        assertThat(mirror.cursor(t)).isEqualTo(-1);
    }

    @Test
    void theCommandExitsZeroWhenOnceCaughtUp() throws Exception {
        String t = tenant("zero");
        feed.upsert(t, "stack", "s", Rows.stack("s"));

        int status = SyncMain.run(SyncRuns.args(feed, db, "--tenant", t, "--once"));

        assertThat(status).isZero();
        assertThat(mirror.rows("stack", t)).containsOnlyKeys("s");
    }

    @Test
    void anEntryOfAKindTheClientDoesNotKnowEndsTheSyncWithNothingOfItsPageApplied() throws Exception {
        String t = tenant("unknown");
        feed.upsert(t, "stack", "s", Rows.stack("s"));
        var gizmo = feed.object();
        gizmo.put("seq", feed.nextSeq());
        gizmo.put("kind", "gizmo");
        gizmo.put("id", "g1");
        gizmo.put("op", "upsert");
        gizmo.putObject("row").put("id", "g1");
        feed.raw(t, gizmo);
        feed.upsert(t, "stack", "s2", Rows.stack("s2"));

        SyncRuns.Run run = SyncRuns.run(feed, db, "--tenant", t, "--once");

        assertThat(run.failure()).isNotNull();
        assertThat(run.failure().getMessage()).contains("kind 'gizmo'", "nothing of its page was applied");
        assertThat(mirror.rows("stack", t)).isEmpty();
        assertThat(mirror.cursor(t)).isIn(-1L, 0L);
    }

    @Test
    void aPageThatBreaksTheFeedsOrderIsNeverApplied() throws Exception {
        String t = tenant("order");
        feed.upsert(t, "stack", "s", Rows.stack("s"));
        var backwards = feed.object();
        backwards.put("seq", 1);
        backwards.put("kind", "stack");
        backwards.put("id", "s0");
        backwards.put("op", "delete");
        feed.raw(t, backwards);

        SyncRuns.Run run = SyncRuns.run(feed, db, "--tenant", t, "--once");

        assertThat(run.failure()).isNotNull();
        assertThat(run.failure().getMessage()).contains("the feed broke its order");
        assertThat(mirror.rows("stack", t)).isEmpty();
    }

    private static long cursor(String tenant) {
        try {
            return mirror.cursor(tenant);
        } catch (java.sql.SQLException e) {
            return -1; // the tables are being created
        }
    }

    /** Waits for a state of the target (the sync runs on its own threads); fails after 30 s. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
