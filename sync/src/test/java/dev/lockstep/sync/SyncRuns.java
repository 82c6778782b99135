package dev.lockstep.sync;

import dev.lockstep.postgres.testing.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Runs the sync in the test JVM against a fake feed and a test database, keeping its log. */
final class SyncRuns {
    private SyncRuns() {}

    /** A finished run: its log and, when it ended with one, its failure. */
    record Run(String log, SyncFailure failure) {
        List<String> lines() {
            return log.lines().toList();
        }
    }

    static String[] args(FakeFeed feed, TestPostgres.Database db, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--url", feed.url().toString(),
                "--key", FakeFeed.KEY,
                "--target", db.url(),
                "--target-user", db.user(),
                "--target-password", db.password()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** A sync that writes its log into {@code out} (and, for whoever reads the test output, stderr). */
    static Sync sync(ByteArrayOutputStream out, String[] args) throws Exception {
        SyncOptions options = SyncOptions.parse(args, k -> null);
        PrintStream tee = new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        out.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        out.write(b, off, len);
                        System.err.write(b, off, len);
                    }
                },
                true,
                StandardCharsets.UTF_8);
        return new Sync(options, new SyncLog(tee, Clock.systemUTC()), Clock.systemUTC());
    }

    /** Runs to its end ({@code --once} is the caller's to pass). */
    static Run run(FakeFeed feed, TestPostgres.Database db, String... more) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Sync sync = sync(out, args(feed, db, more));
        SyncFailure failure = null;
        try {
            sync.run();
        } catch (SyncFailure e) {
            failure = e;
        }
        return new Run(out.toString(StandardCharsets.UTF_8), failure);
    }
}
