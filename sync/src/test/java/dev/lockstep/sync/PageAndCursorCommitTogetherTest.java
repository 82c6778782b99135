package dev.lockstep.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.postgres.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A page and the cursor commit together or not at all: a failure in the middle of a page, or a
 * {@code kill -9} of the sync in the middle of a page, leaves rows and cursor exactly as they were,
 * and the next run starts from that cursor and applies the page once.
 */
class PageAndCursorCommitTogetherTest {
    private static TestPostgres.Database db;
    private static MirrorTables mirror;
    private FakeFeed feed;

    @BeforeAll
    static void target() {
        db = TestPostgres.freshDatabase("sync_atomic");
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

    @Test
    void aFailureInTheMiddleOfAPageLeavesRowsAndCursorAsTheyWere() throws Exception {
        String t = tenant("midpage");
        feed.upsert(t, "feedback_record", "r1", Rows.feedbackRecord("r1", "v1"));
        assertThat(SyncRuns.run(feed, db, "--tenant", t, "--once").failure()).isNull();
        long before = mirror.cursor(t);
        var rowsBefore = mirror.everything(t);

        // the target refuses the third entry of the next page, after two were applied in its transaction
        String poison = "boom-" + UUID.randomUUID().toString().substring(0, 8);
        feed.upsert(t, "feedback_record", "r1", Rows.feedbackRecord("r1", "v2"));
        feed.upsert(t, "stack", "web", Rows.stack("web"));
        feed.upsert(t, "feedback_record", poison, Rows.feedbackRecord(poison, "refused"));
        feed.upsert(t, "feedback_record", "r3", Rows.feedbackRecord("r3", "v1"));
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.execute("CREATE FUNCTION refuse_" + poison.replace('-', '_')
                    + "() RETURNS trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN IF NEW.id = '" + poison + "' THEN RAISE EXCEPTION 'the target refuses %', NEW.id; END IF;"
                    + " RETURN NEW; END $$");
            st.execute("CREATE TRIGGER refuse_" + poison.replace('-', '_')
                    + " BEFORE INSERT OR UPDATE ON lockstep_feedback_record" + " FOR EACH ROW EXECUTE FUNCTION refuse_"
                    + poison.replace('-', '_') + "()");
        }

        SyncRuns.Run failed = SyncRuns.run(feed, db, "--tenant", t, "--once");

        assertThat(failed.failure()).isNotNull();
        assertThat(failed.failure().getMessage()).contains("the target refuses " + poison);
        assertThat(mirror.cursor(t)).isEqualTo(before);
        assertThat(mirror.everything(t)).isEqualTo(rowsBefore);

        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.execute("DROP TRIGGER refuse_" + poison.replace('-', '_') + " ON lockstep_feedback_record");
        }
        SyncRuns.Run again = SyncRuns.run(feed, db, "--tenant", t, "--once");

        assertThat(again.failure()).as(again.log()).isNull();
        assertThat(mirror.everything(t))
                .containsOnlyKeys("feedback_record/r1", "feedback_record/" + poison, "feedback_record/r3", "stack/web")
                .containsEntry("feedback_record/r1", Rows.feedbackRecord("r1", "v2"));
        assertThat(mirror.cursor(t)).isEqualTo(feed.lastSeq(t));
        // the page was asked for again from the cursor it failed at
        assertThat(feed.asked().stream().filter(a -> a.tenant().equals(t)).map(FakeFeed.Asked::after))
                .containsSubsequence(before, before);
    }

    @Test
    void killedInTheMiddleOfAPageTheRestartResumesFromTheCursor() throws Exception {
        String t = tenant("kill9");
        feed.upsert(t, "webhook", "w-held", Rows.webhook("w-held", t, "https://example.org/v1"));
        feed.upsert(t, "stack", "before", Rows.stack("before"));
        assertThat(SyncRuns.run(feed, db, "--tenant", t, "--once").failure()).isNull();
        long before = mirror.cursor(t);
        var rowsBefore = mirror.everything(t);

        feed.upsert(t, "stack", "s1", Rows.stack("s1"));
        feed.upsert(t, "webhook", "w-held", Rows.webhook("w-held", t, "https://example.org/v2"));
        feed.upsert(t, "stack", "s2", Rows.stack("s2"));

        Path log = Files.createTempFile(Path.of("target"), "killed-sync", ".log");
        try (Connection holder = db.connect()) {
            // The race, forced: a second client holds w-held's row lock, so the sync's page transaction
            // applies s1 and then queues on that lock; it is killed while it is queued there.
            holder.setAutoCommit(false);
            try (PreparedStatement ps = holder.prepareStatement(
                    "SELECT 1 FROM lockstep_webhook WHERE tenant_id = ? AND id = 'w-held' FOR UPDATE")) {
                ps.setString(1, t);
                ps.executeQuery().close();
            }
            Process sync = startSyncProcess(log, SyncRuns.args(feed, db, "--tenant", t, "--once"));
            try {
                int backend = awaitSyncQueuedOnALock(sync, log);
                sync.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback from the client
                assertThat(sync.waitFor(30, TimeUnit.SECONDS)).isTrue();
                holder.rollback();
                awaitBackendGone(backend);
            } finally {
                sync.destroyForcibly();
            }
        }

        assertThat(mirror.cursor(t)).isEqualTo(before);
        assertThat(mirror.everything(t)).isEqualTo(rowsBefore);

        SyncRuns.Run restarted = SyncRuns.run(feed, db, "--tenant", t, "--once");

        assertThat(restarted.failure()).as(restarted.log()).isNull();
        assertThat(mirror.everything(t))
                .containsOnlyKeys("webhook/w-held", "stack/before", "stack/s1", "stack/s2")
                .containsEntry("webhook/w-held", Rows.webhook("w-held", t, "https://example.org/v2"));
        assertThat(mirror.cursor(t)).isEqualTo(feed.lastSeq(t));
        assertThat(restarted.lines()).anyMatch(l -> l.contains("tenant=" + t + " start cursor=" + before));
    }

    @Test
    void aPageAskedForFromAStaleCursorIsNotApplied() throws Exception {
        String t = tenant("stale");
        feed.upsert(t, "stack", "a", Rows.stack("a", "K", "1"));
        ChangeFeed http = new ChangeFeed(feed.url(), FakeFeed.KEY, new ObjectMapper());
        ChangePage first = http.fetch(t, 0, 100);
        Mirror.Target target = new Mirror.Target(db.url(), db.user(), db.password());
        Mirror.createTables(target);
        try (Mirror one = new Mirror(target, new ObjectMapper());
                Mirror two = new Mirror(target, new ObjectMapper())) {
            assertThat(one.apply(t, 0, first)).isEqualTo(1);
            feed.upsert(t, "stack", "a", Rows.stack("a", "K", "2"));
            assertThat(one.apply(t, first.nextSeq(), http.fetch(t, first.nextSeq(), 100)))
                    .isEqualTo(1);

            // a second sync that read the cursor before the first moved it applies nothing
            Mirror.CursorMoved moved = org.junit.jupiter.api.Assertions.assertThrows(
                    Mirror.CursorMoved.class, () -> two.apply(t, 0, first));
            assertThat(moved.stored()).isEqualTo(feed.lastSeq(t));
        }
        assertThat(mirror.rows("stack", t)).containsEntry("a", Rows.stack("a", "K", "2"));
        assertThat(mirror.cursor(t)).isEqualTo(feed.lastSeq(t));
    }

    private static Process startSyncProcess(Path log, String[] args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SyncMain.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Waits until the sync's session waits for a lock in the target; answers its backend pid. */
    private static int awaitSyncQueuedOnALock(Process sync, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT a.pid FROM pg_stat_activity a"
                        + " JOIN pg_locks l ON l.pid = a.pid AND NOT l.granted"
                        + " WHERE a.application_name = 'lockstep-sync' AND a.datname = current_database()")) {
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getInt(1);
                    }
                }
                if (!sync.isAlive()) {
                    throw new AssertionError(
                            "the sync exited (" + sync.exitValue() + ") before queuing: " + Files.readString(log));
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the sync never queued on the held row lock: " + Files.readString(log));
    }

    private static void awaitBackendGone(int pid) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, pid);
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the killed sync's backend " + pid + " is still there");
    }
}
