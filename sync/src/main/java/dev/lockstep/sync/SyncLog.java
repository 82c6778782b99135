package dev.lockstep.sync;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The sync's log: one line per event on stderr, {@code <UTC time> lockstep-sync <message>}. */
public final class SyncLog {
    private final PrintStream out;
    private final Clock clock;

    public SyncLog(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public synchronized void line(String message) {
        out.println(clock.instant().truncatedTo(ChronoUnit.MILLIS) + " lockstep-sync " + message);
        out.flush();
    }

    /** {@code 1.25 s} as {@code 1.3s}: the log's one way to write a duration. */
    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
