package dev.lockstep.sync;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Tells every follower to finish the page in hand and return; waits end at once when it fires. */
final class StopSignal {
    private final CountDownLatch latch = new CountDownLatch(1);

    void fire() {
        latch.countDown();
    }

    boolean fired() {
        return latch.getCount() == 0;
    }

    /** Waits {@code d}, or less when the signal fires; answers whether it fired. */
    boolean sleep(Duration d) throws InterruptedException {
        return latch.await(Math.max(0, d.toNanos()), TimeUnit.NANOSECONDS);
    }
}
