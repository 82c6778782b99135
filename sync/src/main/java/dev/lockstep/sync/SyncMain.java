package dev.lockstep.sync;

import java.time.Clock;
import java.time.Duration;

/**
 * {@code java -jar lockstep-sync.jar --url … --key … --tenant … --target jdbc:postgresql://…}. Exit
 * status: 0 when {@code --once} caught up (or when stopped by a signal), 1 on a final failure (a 401,
 * 403 or 400, a feed that broke its contract, a target that refuses, retryable failures for longer
 * than {@code --retry-for}), 2 on a wrong command line. Every failure is one line on stderr.
 */
public final class SyncMain {
    private SyncMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        SyncOptions options;
        try {
            options = SyncOptions.parse(args, System::getenv);
        } catch (SyncOptions.UsageException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("lockstep-sync: " + e.getMessage());
            }
            System.err.println(SyncOptions.USAGE);
            return e.getMessage().isEmpty() ? 0 : 2;
        }
        Sync sync = new Sync(options, new SyncLog(System.err, Clock.systemUTC()), Clock.systemUTC());
        // SIGTERM / Ctrl-C: finish the page in hand (its transaction commits whole or not at all)
        Thread hook = new Thread(
                () -> {
                    sync.stop();
                    try {
                        sync.awaitDone(Duration.ofSeconds(15));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "lockstep-sync-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            sync.run();
            return 0;
        } catch (SyncFailure e) {
            System.err.println("lockstep-sync: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
