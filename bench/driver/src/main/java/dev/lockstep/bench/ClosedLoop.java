package dev.lockstep.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * A closed-loop load: {@code clients} threads, each sending its next request as soon as the previous
 * one answered (like pgbench {@code -c}), first for a discarded warm-up, then for the measured window.
 * Only operations that <i>start</i> inside the measured window are counted, and every thread keeps
 * its own latency array (no shared state on the hot path).
 */
public final class ClosedLoop {

    /** One operation of one client. Returns an HTTP-like status (2xx = success); throws on transport errors. */
    @FunctionalInterface
    public interface Op {
        int call(SplittableRandom random) throws Exception;
    }

    /** Makes the operation of client {@code index} (each client its own connection, say). */
    @FunctionalInterface
    public interface OpFactory {
        Op open(int index) throws Exception;
    }

    private ClosedLoop() {}

    public static Result run(String name, int clients, Duration warmup, Duration measure, OpFactory factory)
            throws Exception {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            ops.add(factory.open(i));
        }
        Worker[] workers = new Worker[clients];
        CountDownLatch ready = new CountDownLatch(clients);
        long start = System.nanoTime() + 50_000_000L;
        long measureStart = start + warmup.toNanos();
        long measureEnd = measureStart + measure.toNanos();
        for (int i = 0; i < clients; i++) {
            workers[i] = new Worker(
                    ops.get(i), new SplittableRandom(0x5eed_0000L + i), start, measureStart, measureEnd, ready);
            workers[i].setName("vu-" + i);
            workers[i].setDaemon(true);
            workers[i].start();
        }
        for (Worker w : workers) {
            w.join();
        }
        return Result.of(name, clients, measure, workers);
    }

    static final class Worker extends Thread {
        private final Op op;
        private final SplittableRandom random;
        private final long start;
        private final long measureStart;
        private final long measureEnd;
        private final CountDownLatch ready;
        long[] latencies = new long[1 << 14];
        int count;
        long errors;
        final TreeMap<Integer, Long> statuses = new TreeMap<>();
        String firstError;
        long maxLatency;
        long maxAt;

        Worker(Op op, SplittableRandom random, long start, long measureStart, long measureEnd, CountDownLatch ready) {
            this.op = op;
            this.random = random;
            this.start = start;
            this.measureStart = measureStart;
            this.measureEnd = measureEnd;
            this.ready = ready;
        }

        @Override
        public void run() {
            ready.countDown();
            while (System.nanoTime() < start) {
                Thread.onSpinWait();
            }
            while (true) {
                long t0 = System.nanoTime();
                if (t0 >= measureEnd) {
                    return;
                }
                boolean measured = t0 >= measureStart;
                int status;
                try {
                    status = op.call(random);
                } catch (Exception e) {
                    if (measured) {
                        errors++;
                        if (firstError == null) {
                            firstError = e.toString();
                        }
                    }
                    continue;
                }
                long t1 = System.nanoTime();
                if (measured) {
                    statuses.merge(status, 1L, Long::sum);
                    if (status >= 200 && status < 300) {
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = t1 - t0;
                        if (t1 - t0 > maxLatency) {
                            maxLatency = t1 - t0;
                            maxAt = t0 - measureStart;
                        }
                    }
                }
            }
        }
    }

    /** What one load run measured. Latencies are of successful (2xx) operations only. */
    public record Result(
            String name,
            int clients,
            double seconds,
            long ok,
            long non2xx,
            long errors,
            TreeMap<Integer, Long> statuses,
            double tps,
            double meanMs,
            double p50Ms,
            double p99Ms,
            double p999Ms,
            double maxMs,
            double maxAtS,
            String firstError) {

        static Result of(String name, int clients, Duration measure, Worker[] workers) {
            int total = 0;
            long errors = 0;
            TreeMap<Integer, Long> statuses = new TreeMap<>();
            String firstError = null;
            long maxAt = 0;
            long max = -1;
            for (Worker w : workers) {
                if (w.maxLatency > max) {
                    max = w.maxLatency;
                    maxAt = w.maxAt;
                }
                total += w.count;
                errors += w.errors;
                w.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
                if (firstError == null) {
                    firstError = w.firstError;
                }
            }
            long[] all = new long[total];
            int at = 0;
            for (Worker w : workers) {
                System.arraycopy(w.latencies, 0, all, at, w.count);
                at += w.count;
            }
            Arrays.sort(all);
            long non2xx = statuses.entrySet().stream()
                    .filter(e -> e.getKey() < 200 || e.getKey() >= 300)
                    .mapToLong(e -> e.getValue())
                    .sum();
            double seconds = measure.toNanos() / 1e9;
            double sum = 0;
            for (long l : all) {
                sum += l;
            }
            return new Result(
                    name,
                    clients,
                    seconds,
                    total,
                    non2xx,
                    errors,
                    statuses,
                    total / seconds,
                    total == 0 ? Double.NaN : sum / total / 1e6,
                    percentile(all, 0.50),
                    percentile(all, 0.99),
                    percentile(all, 0.999),
                    total == 0 ? Double.NaN : all[total - 1] / 1e6,
                    maxAt / 1e9,
                    firstError);
        }

        /** Nearest-rank percentile of a sorted array, in milliseconds. */
        static double percentile(long[] sorted, double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }

        public static String csvHeader() {
            return "scenario,clients,seconds,ok,non2xx,errors,tps,mean_ms,p50_ms,p99_ms,p999_ms,max_ms,statuses";
        }

        public String csv() {
            StringBuilder s = new StringBuilder();
            statuses.forEach((k, v) ->
                    s.append(s.length() == 0 ? "" : " ").append(k).append(':').append(v));
            return String.format(
                    java.util.Locale.ROOT,
                    "%s,%d,%.1f,%d,%d,%d,%.1f,%.3f,%.3f,%.3f,%.3f,%.3f,%s",
                    name,
                    clients,
                    seconds,
                    ok,
                    non2xx,
                    errors,
                    tps,
                    meanMs,
                    p50Ms,
                    p99Ms,
                    p999Ms,
                    maxMs,
                    s);
        }
    }
}
