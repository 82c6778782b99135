package dev.lockstep.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Follows one tenant's feed into the mirror: fetch the page after the cursor, apply it with the
 * cursor in one target transaction, and at once ask again while pages come back full; a page that is
 * not full means the mirror has caught up with the feed as of that request, so the follower waits
 * {@code --poll} (or, with {@code --once}, returns). Retryable failures of the server or the target
 * wait with a bounded {@link Backoff} and ask again from the same cursor.
 *
 * <p>Its log line per applied page (and at least every {@code --status-every} while nothing changes)
 * says: the tenant, the entries applied, the cursor, whether it is caught up, and the lag: how long
 * since the follower was last caught up (0 while it is). The feed does not say how many entries are
 * ahead, so the lag is a time, not a count.
 */
final class TenantFollower {
    private final String tenant;
    private final SyncOptions options;
    private final ChangeFeed feed;
    private final Mirror mirror;
    private final SyncLog log;
    private final StopSignal stop;
    private final Clock clock;
    private final Backoff backoff;

    private long cursor = -1;
    private long applied;
    private boolean caughtUp;
    private Instant lastCaughtUp;
    private Instant started;
    private Instant lastLine;

    TenantFollower(
            String tenant,
            SyncOptions options,
            ChangeFeed feed,
            Mirror mirror,
            SyncLog log,
            StopSignal stop,
            Clock clock) {
        this.tenant = tenant;
        this.options = options;
        this.feed = feed;
        this.mirror = mirror;
        this.log = log;
        this.stop = stop;
        this.clock = clock;
        this.backoff = new Backoff(options.retryFor());
    }

    /** Runs until caught up ({@code --once}) or until the stop signal; a final failure ends it. */
    void run() throws SyncFailure, InterruptedException {
        started = clock.instant();
        try {
            while (!stop.fired()) {
                try {
                    if (cursor < 0) {
                        cursor = mirror.cursor(tenant);
                        log.line("tenant=" + tenant + " start cursor=" + cursor);
                        lastLine = clock.instant();
                    }
                    if (step()) {
                        log.line(status("caught up, exiting (--once)"));
                        return;
                    }
                } catch (RetryableFailure e) {
                    Instant now = clock.instant();
                    Duration wait = backoff.next(now, e.retryAfter());
                    if (wait == null) {
                        throw new SyncFailure("tenant " + tenant + ": gave up after "
                                + SyncLog.seconds(backoff.failingFor(now)) + " of retryable failures (--retry-for "
                                + SyncLog.seconds(options.retryFor()) + "); last: " + e.getMessage());
                    }
                    log.line("tenant=" + tenant + " retry in " + SyncLog.seconds(wait) + " (attempt "
                            + backoff.attempts() + ", cursor=" + cursor + "): " + e.getMessage());
                    stop.sleep(wait);
                }
            }
            log.line(status("stopped"));
        } catch (SyncFailure e) {
            log.line(status("failed"));
            throw e;
        }
    }

    /** One page; answers whether a {@code --once} run is done. */
    private boolean step() throws RetryableFailure, SyncFailure, InterruptedException {
        Instant asked = clock.instant();
        ChangePage page = feed.fetch(tenant, cursor, options.limit());
        page.check(tenant, cursor);
        boolean full = page.items().size() >= options.limit();
        int n = 0;
        if (!page.items().isEmpty() || page.nextSeq() != cursor) {
            try {
                n = mirror.apply(tenant, cursor, page);
                cursor = page.nextSeq();
            } catch (Mirror.CursorMoved moved) {
                log.line("tenant=" + tenant + " cursor moved from " + cursor + " to " + moved.stored()
                        + " under this sync (another sync of this tenant on this target?); going on from there");
                cursor = moved.stored();
                backoff.reset();
                return false;
            }
        }
        backoff.reset();
        applied += n;
        caughtUp = !full;
        if (caughtUp) {
            lastCaughtUp = asked;
        }
        Instant now = clock.instant();
        if (n > 0 || Duration.between(lastLine, now).compareTo(options.statusEvery()) >= 0) {
            log.line(status("applied=" + n));
            lastLine = now;
        }
        if (!caughtUp) {
            return false;
        }
        if (options.once()) {
            return true;
        }
        stop.sleep(options.poll());
        return false;
    }

    private String status(String what) {
        return "tenant=" + tenant + " " + what + " cursor=" + cursor + " total=" + applied + " caught-up="
                + (caughtUp ? "yes" : "no") + " lag=" + SyncLog.seconds(lag());
    }

    /** 0 while caught up; else the time since the last request that found the mirror caught up. */
    Duration lag() {
        if (caughtUp) {
            return Duration.ZERO;
        }
        Instant since = lastCaughtUp != null ? lastCaughtUp : started;
        return since == null ? Duration.ZERO : Duration.between(since, clock.instant());
    }
}
