package dev.lockstep.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.postgres.testing.TestPostgres;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a caught-up mirror holds, entry kind by entry kind, against a fake feed and a real target. */
class MirrorAppliesTheFeedTest {
    private static TestPostgres.Database db;
    private static MirrorTables mirror;
    private FakeFeed feed;

    @BeforeAll
    static void target() {
        db = TestPostgres.freshDatabase("sync_apply");
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

    private void once(String... tenants) throws Exception {
        String[] args = new String[tenants.length * 2 + 1];
        for (int i = 0; i < tenants.length; i++) {
            args[2 * i] = "--tenant";
            args[2 * i + 1] = tenants[i];
        }
        args[args.length - 1] = "--once";
        SyncRuns.Run run = SyncRuns.run(feed, db, args);
        assertThat(run.failure()).as(run.log()).isNull();
    }

    @Test
    void upsertsReplaceRowsAndDeletesRemoveThemInFeedOrder() throws Exception {
        String t = tenant("order");
        feed.upsert(t, "feedback_record", "r1", Rows.feedbackRecord("r1", "first"));
        feed.upsert(t, "feedback_record", "r2", Rows.feedbackRecord("r2", "second"));
        feed.upsert(t, "feedback_record", "r1", Rows.feedbackRecord("r1", "first, edited"));
        feed.delete(t, "feedback_record", "r2");
        feed.delete(t, "feedback_record", "never-mirrored");
        feed.upsert(t, "feedback_record", "r3", Rows.feedbackRecord("r3", "third"));
        feed.delete(t, "feedback_record", "r3");
        feed.upsert(t, "feedback_record", "r3", Rows.feedbackRecord("r3", "third, again"));

        once(t);

        assertThat(mirror.rows("feedback_record", t))
                .containsOnlyKeys("r1", "r3")
                .containsEntry("r1", Rows.feedbackRecord("r1", "first, edited"))
                .containsEntry("r3", Rows.feedbackRecord("r3", "third, again"));
        assertThat(mirror.cursor(t)).isEqualTo(feed.lastSeq(t));
    }

    @Test
    void everyKindLandsInItsOwnTableWithTheRowAsTheFeedSentIt() throws Exception {
        String t = tenant("kinds");
        feed.upsert(t, "identity", "i1", Rows.identity("i1", "user-1", "rl1"));
        feed.upsert(t, "ratelimit", "rl1", Rows.ratelimit("rl1", "i1"));
        feed.upsert(t, "session", "s1", Rows.session("s1", "i1"));
        feed.upsert(t, "feedback_record", "r1", Rows.feedbackRecord("r1", "hello"));
        feed.upsert(t, "webhook", "w1", Rows.webhook("w1", t, "https://example.org/hook"));
        feed.upsert(t, "stack", "web", Rows.stack("web", "A", "1", "B", "two"));

        once(t);

        assertThat(mirror.rows("identity", t))
                .containsExactlyEntriesOf(java.util.Map.of("i1", Rows.identity("i1", "user-1", "rl1")));
        assertThat(mirror.rows("ratelimit", t))
                .containsExactlyEntriesOf(java.util.Map.of("rl1", Rows.ratelimit("rl1", "i1")));
        assertThat(mirror.rows("session", t))
                .containsExactlyEntriesOf(java.util.Map.of("s1", Rows.session("s1", "i1")));
        assertThat(mirror.rows("feedback_record", t))
                .containsExactlyEntriesOf(java.util.Map.of("r1", Rows.feedbackRecord("r1", "hello")));
        assertThat(mirror.rows("webhook", t))
                .containsExactlyEntriesOf(java.util.Map.of("w1", Rows.webhook("w1", t, "https://example.org/hook")));
        assertThat(mirror.rows("stack", t))
                .containsExactlyEntriesOf(java.util.Map.of("web", Rows.stack("web", "A", "1", "B", "two")));
    }

    @Test
    void aPurgeDropsEverythingOfTheTenantBeforeItAndNothingOfAnotherTenant() throws Exception {
        String purged = tenant("purged");
        String other = tenant("other");
        for (String t : new String[] {purged, other}) {
            feed.upsert(t, "identity", "i1", Rows.identity("i1", "user-1", "rl1"));
            feed.upsert(t, "ratelimit", "rl1", Rows.ratelimit("rl1", "i1"));
            feed.upsert(t, "session", "s1", Rows.session("s1", "i1"));
            feed.upsert(t, "feedback_record", "r1", Rows.feedbackRecord("r1", "x"));
            feed.upsert(t, "webhook", "w1", Rows.webhook("w1", t, "https://example.org/a"));
            feed.upsert(t, "stack", "web", Rows.stack("web"));
        }
        once(purged, other);
        assertThat(mirror.everything(purged)).hasSize(6);

        feed.purge(purged);
        feed.upsert(purged, "stack", "after-purge", Rows.stack("after-purge", "K", "v"));
        once(purged, other);

        assertThat(mirror.everything(purged))
                .containsOnlyKeys("stack/after-purge")
                .containsEntry("stack/after-purge", Rows.stack("after-purge", "K", "v"));
        assertThat(mirror.everything(other)).hasSize(6);
        assertThat(mirror.cursor(purged)).isEqualTo(feed.lastSeq(purged));
    }

    @Test
    void aPurgeSeenByAMirrorThatNeverSawTheTenantLeavesOnlyWhatCameAfter() throws Exception {
        String t = tenant("late");
        feed.upsert(t, "feedback_record", "gone", Rows.feedbackRecord("gone", "before the purge"));
        feed.purge(t);
        feed.upsert(t, "feedback_record", "kept", Rows.feedbackRecord("kept", "after the purge"));

        once(t);

        assertThat(mirror.everything(t)).containsOnlyKeys("feedback_record/kept");
    }

    @Test
    void aWebhookMovedBetweenTenantsEndsInExactlyOneOfThemWhicheverFeedIsAppliedFirst() throws Exception {
        String a = tenant("from");
        String b = tenant("to");
        feed.upsert(a, "webhook", "w1", Rows.webhook("w1", a, "https://example.org/1"));
        feed.upsert(a, "webhook", "w2", Rows.webhook("w2", a, "https://example.org/2"));
        once(a, b);

        // both move to b: a delete in a's feed, an upsert in b's
        for (String w : new String[] {"w1", "w2"}) {
            feed.delete(a, "webhook", w);
            feed.upsert(b, "webhook", w, Rows.webhook(w, b, "https://example.org/" + w));
        }
        // only b's feed so far: for a moment the mirror has it twice (the move is half applied)...
        once(b);
        assertThat(mirror.rows("webhook", a)).containsOnlyKeys("w1", "w2");
        assertThat(mirror.rows("webhook", b)).containsOnlyKeys("w1", "w2");
        // ...and once a's feed is caught up too, exactly once, in b
        once(a);
        assertThat(mirror.rows("webhook", a)).isEmpty();
        assertThat(mirror.rows("webhook", b))
                .containsOnlyKeys("w1", "w2")
                .containsEntry("w1", Rows.webhook("w1", b, "https://example.org/w1"));

        // w1 moves back to a; this time a's feed is applied first: for a moment in both again
        feed.delete(b, "webhook", "w1");
        feed.upsert(a, "webhook", "w1", Rows.webhook("w1", a, "https://example.org/back"));
        once(a);
        assertThat(mirror.rows("webhook", a)).containsOnlyKeys("w1");
        assertThat(mirror.rows("webhook", b)).containsOnlyKeys("w1", "w2");
        once(b);
        assertThat(mirror.rows("webhook", b)).containsOnlyKeys("w2");
        // w2 moves back too, with the source applied first: for a moment in neither
        feed.delete(b, "webhook", "w2");
        feed.upsert(a, "webhook", "w2", Rows.webhook("w2", a, "https://example.org/back2"));
        once(b);
        assertThat(mirror.rows("webhook", b)).isEmpty();
        assertThat(mirror.rows("webhook", a)).containsOnlyKeys("w1");
        once(a);

        assertThat(mirror.rows("webhook", a))
                .containsOnlyKeys("w1", "w2")
                .containsEntry("w1", Rows.webhook("w1", a, "https://example.org/back"))
                .containsEntry("w2", Rows.webhook("w2", a, "https://example.org/back2"));
        assertThat(mirror.rows("webhook", b)).isEmpty();
    }

    @Test
    void aDeletedIdentityTakesItsRatelimitsAlongAndTheirLaterDeletesFindNothing() throws Exception {
        String t = tenant("identity");
        feed.upsert(t, "identity", "i1", Rows.identity("i1", "user-1", "rl1", "rl2"));
        feed.upsert(t, "ratelimit", "rl1", Rows.ratelimit("rl1", "i1"));
        feed.upsert(t, "ratelimit", "rl2", Rows.ratelimit("rl2", "i1"));
        feed.upsert(t, "identity", "i2", Rows.identity("i2", "user-2", "rl3"));
        feed.upsert(t, "ratelimit", "rl3", Rows.ratelimit("rl3", "i2"));
        once(t);
        assertThat(mirror.rows("ratelimit", t)).containsOnlyKeys("rl1", "rl2", "rl3");

        // a soft delete: the service keeps the deleted generation's ratelimits and deletes them from
        // the feed only when that generation goes for good; no route shows them in between
        feed.delete(t, "identity", "i1");
        once(t);
        assertThat(mirror.rows("identity", t)).containsOnlyKeys("i2");
        assertThat(mirror.rows("ratelimit", t)).containsOnlyKeys("rl3");

        // the next generation of user-1 is deleted: the older one goes for good, with its ratelimits
        feed.upsert(t, "identity", "i1b", Rows.identity("i1b", "user-1"));
        feed.delete(t, "ratelimit", "rl1");
        feed.delete(t, "ratelimit", "rl2");
        feed.delete(t, "identity", "i1b");
        once(t);
        assertThat(mirror.rows("identity", t)).containsOnlyKeys("i2");
        assertThat(mirror.rows("ratelimit", t)).containsOnlyKeys("rl3");
        assertThat(mirror.cursor(t)).isEqualTo(feed.lastSeq(t));
    }
}
