package dev.lockstep.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One sync run: makes sure the mirror's tables exist, then follows every tenant on its own thread
 * with its own target connection and cursor, so a slow or failing tenant never holds another back.
 * It ends when every tenant is caught up ({@code --once}), when {@link #stop} is called, or at the
 * first final failure of any tenant (the others are stopped: a mirror that silently stops following
 * one tenant would look converged when it is not).
 */
public final class Sync {
    private final SyncOptions options;
    private final SyncLog log;
    private final Clock clock;
    private final StopSignal stop = new StopSignal();
    private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

    public Sync(SyncOptions options, SyncLog log, Clock clock) {
        this.options = options;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Runs to the end (see the class comment).
     *
     * @throws SyncFailure what made it stop, in one line
     */
    public void run() throws SyncFailure, InterruptedException {
        try {
            runFollowers();
        } finally {
            done.countDown();
        }
    }

    /** Asks every follower to finish the page in hand and return; {@link #run} then returns. */
    public void stop() {
        stop.fire();
    }

    /** Waits until {@link #run} has returned, at most {@code d}; answers whether it has. */
    public boolean awaitDone(Duration d) throws InterruptedException {
        return done.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runFollowers() throws SyncFailure, InterruptedException {
        ObjectMapper json = new ObjectMapper();
        Mirror.Target target = new Mirror.Target(options.target(), options.targetUser(), options.targetPassword());
        log.line("following " + options.tenants() + " from " + options.url() + " into " + redacted(options.target())
                + (options.once() ? " until caught up (--once)" : " (poll " + SyncLog.seconds(options.poll()) + ")"));
        createTables(target);
        if (stop.fired()) {
            return;
        }
        ChangeFeed feed = new ChangeFeed(options.url(), options.key(), json);
        ExecutorService threads = Executors.newFixedThreadPool(options.tenants().size(), r -> {
            Thread t = new Thread(r);
            t.setName("sync-" + t.getId());
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<String> followers = new ExecutorCompletionService<>(threads);
        List<Future<String>> running = new ArrayList<>();
        try {
            for (String tenant : options.tenants()) {
                running.add(followers.submit(() -> {
                    try (Mirror mirror = new Mirror(target, json)) {
                        new TenantFollower(tenant, options, feed, mirror, log, stop, clock).run();
                    }
                    return tenant;
                }));
            }
            for (int i = 0; i < running.size(); i++) {
                Future<String> finished = followers.take();
                try {
                    finished.get();
                } catch (ExecutionException e) {
                    stop.fire();
                    Throwable cause = e.getCause();
                    if (cause instanceof SyncFailure f) {
                        throw f;
                    }
                    throw new SyncFailure("a follower failed unexpectedly: " + cause, cause);
                }
            }
        } finally {
            stop.fire();
            threads.shutdown();
            if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
                log.line("a follower did not finish its page within 10 s; its transaction rolls back");
            }
        }
    }

    private void createTables(Mirror.Target target) throws SyncFailure, InterruptedException {
        Backoff backoff = new Backoff(options.retryFor());
        while (!stop.fired()) {
            try {
                Mirror.createTables(target);
                return;
            } catch (RetryableFailure e) {
                Duration wait = backoff.next(clock.instant(), Duration.ZERO);
                if (wait == null) {
                    throw new SyncFailure("gave up after " + SyncLog.seconds(options.retryFor())
                            + " of retryable failures (--retry-for); last: " + e.getMessage());
                }
                log.line("target not ready, retry in " + SyncLog.seconds(wait) + ": " + e.getMessage());
                stop.sleep(wait);
            }
        }
    }

    /** The JDBC URL without a password parameter, for the log. */
    static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
