package dev.lockstep.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlockingThreadsTest {
    @Test
    void aPlatformThreadIsDescribedAsOneWithItsName() throws Exception {
        String[] seen = new String[1];
        Thread t = new Thread(() -> seen[0] = BlockingThreads.describe(Thread.currentThread()), "io-executor-thread-7");
        t.start();
        t.join();
        assertThat(seen[0]).isEqualTo("platform threads (io-executor-thread-7)");
    }
}
