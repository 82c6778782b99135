package dev.lockstep.http.faults;

import dev.lockstep.http.testing.TestServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Concurrent clients of one server, each in a loop until stopped: a keyed feedback-record create
 * (its {@code Idempotency-Key} also in its payload, so rows can be counted per key), a PATCH of one
 * stack's env with a new key, an identity create and its delete. Optionally one more client creates
 * records in a second tenant (the one a test purges). It keeps what a checker needs afterwards: every
 * answer by status and code, answers outside the documented ones, the acknowledged writes, the keyed
 * creates that got no 2xx, and when each successful write answered.
 */
final class FailoverLoad implements AutoCloseable {
    static final Set<String> RETRYABLE_503 = Set.of("storage_unavailable", "outcome_unknown", "lock_timeout");
    static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([a-z_]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final TestServer server;
    private final String tenant;
    private final String sideTenant;
    private final ExecutorService clients = Executors.newCachedThreadPool();
    private final List<Future<?>> running = new ArrayList<>();
    private volatile boolean stopped;

    final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    final Set<String> ackedRecords = ConcurrentHashMap.newKeySet();
    /** Every keyed create sent to the main tenant, by its Idempotency-Key, with its body. */
    final Map<String, String> keyedCreates = new ConcurrentHashMap<>();
    /** The keyed creates that got no 2xx: retried with their key afterwards. */
    final Map<String, String> unansweredCreates = new ConcurrentHashMap<>();

    final Set<String> ackedEnvKeys = ConcurrentHashMap.newKeySet();
    final Set<String> liveIdentities = ConcurrentHashMap.newKeySet();
    final Set<String> deletedIdentities = ConcurrentHashMap.newKeySet();
    /** When each 2xx write answered ({@link System#nanoTime}). */
    private final ConcurrentLinkedQueue<Long> writeAnswers = new ConcurrentLinkedQueue<>();

    private final AtomicLong slowestUnavailableNanos = new AtomicLong();
    private volatile String slowestUnavailable = "none";

    FailoverLoad(TestServer server, String tenant, String sideTenant) {
        this.server = server;
        this.tenant = tenant;
        this.sideTenant = sideTenant;
    }

    /** Starts {@code n} clients on the main tenant, and the side tenant's writer if there is one. */
    FailoverLoad start(int n) {
        for (int i = 0; i < n; i++) {
            int client = i;
            running.add(clients.submit(() -> clientLoop(client)));
        }
        if (sideTenant != null) {
            running.add(clients.submit(this::sideLoop));
        }
        return this;
    }

    long successes() {
        return count(200) + count(201) + count(204);
    }

    long count(int status) {
        LongAdder a = answers.get(String.valueOf(status));
        return a == null ? 0 : a.sum();
    }

    /** The first 2xx write that answered at or after {@code nanos}, or -1. */
    long firstWriteAnsweredAfter(long nanos) {
        long first = -1;
        for (long at : writeAnswers) {
            if (at >= nanos && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    /** The longest a {@code storage_unavailable} answer took: ms, the request and its id. */
    String slowestUnavailable() {
        return TimeUnit.NANOSECONDS.toMillis(slowestUnavailableNanos.get()) + " ms (" + slowestUnavailable + ")";
    }

    Map<String, Long> answersByStatus() {
        Map<String, Long> sorted = new TreeMap<>();
        answers.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }

    /** Stops the clients and waits for their last requests. */
    void stop() throws Exception {
        stopped = true;
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
    }

    @Override
    public void close() {
        stopped = true;
        clients.shutdownNow();
    }

    private void clientLoop(int client) {
        for (int i = 0; !stopped; i++) {
            switch (i % 3) {
                case 0 -> {
                    String key = "rec-" + tenant + "-" + client + "-" + i;
                    String body = "{\"payload\":{\"n\":" + i + ",\"key\":\"" + key + "\"}}";
                    keyedCreates.put(key, body);
                    TestServer.Response r = call("POST", "/v1/tenants/" + tenant + "/feedback-records", body, key);
                    if (r != null && r.status() == 201) {
                        ackedRecords.add(id(r));
                    } else {
                        unansweredCreates.put(key, body);
                    }
                }
                case 1 -> {
                    // keys come round again, so the env stays far below its size limit in a long run
                    String key = "K" + client + "_" + (i % 300);
                    TestServer.Response r = call(
                            "PATCH",
                            "/v1/tenants/" + tenant + "/stacks/web/env",
                            "{\"env\":{\"" + key + "\":\"v\"}}",
                            null);
                    if (r != null && r.status() == 200) {
                        ackedEnvKeys.add(key);
                    }
                }
                default -> {
                    TestServer.Response created = call(
                            "POST",
                            "/v1/tenants/" + tenant + "/identities",
                            "{\"externalId\":\"x-" + client + "-" + i + "\"}",
                            null);
                    if (created != null && created.status() == 201) {
                        String id = id(created);
                        liveIdentities.add(id);
                        TestServer.Response deleted =
                                call("DELETE", "/v1/tenants/" + tenant + "/identities/" + id, null, null);
                        if (deleted != null && deleted.status() == 204) {
                            liveIdentities.remove(id);
                            deletedIdentities.add(id);
                        } else if (deleted != null && deleted.status() == 404) {
                            violations.add(
                                    "identity " + id + " answered 201, then its delete 404: the create was lost");
                            liveIdentities.remove(id);
                        } else {
                            liveIdentities.remove(id); // unknown or refused: not judged
                        }
                    }
                }
            }
        }
    }

    private void sideLoop() {
        for (int i = 0; !stopped; i++) {
            call("POST", "/v1/tenants/" + sideTenant + "/feedback-records", "{\"payload\":{\"side\":" + i + "}}", null);
        }
    }

    /**
     * Sends one request with the admin key and classifies its answer: a 2xx, a documented 409, or a
     * retryable 503 with its {@code Retry-After}; anything else (a 500 above all) is a violation.
     */
    TestServer.Response call(String method, String path, String body, String idempotencyKey) {
        long started = System.nanoTime();
        TestServer.Response r;
        try {
            r = server.send(
                    method,
                    path,
                    body,
                    server.adminKey(),
                    idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
        } catch (IllegalStateException e) {
            violations.add(method + " " + path + ": no answer: " + e.getMessage());
            return null;
        }
        long answered = System.nanoTime();
        answers.computeIfAbsent(String.valueOf(r.status()), k -> new LongAdder())
                .increment();
        if (r.status() >= 200 && r.status() < 300) {
            if (!method.equals("GET")) {
                writeAnswers.add(answered);
            }
            return r;
        }
        Matcher code = CODE.matcher(r.body());
        String c = code.find() ? code.group(1) : "";
        answers.computeIfAbsent(r.status() + " " + c, k -> new LongAdder()).increment();
        if (c.equals("storage_unavailable")) {
            synchronized (slowestUnavailableNanos) {
                if (answered - started > slowestUnavailableNanos.get()) {
                    slowestUnavailableNanos.set(answered - started);
                    slowestUnavailable = method + " " + path + " " + r.header("X-Request-Id");
                }
            }
        }
        if (!documented(r, c)) {
            violations.add(method + " " + path + " → " + r);
        }
        return r;
    }

    static boolean documented(TestServer.Response r, String code) {
        return (r.status() == 503
                        && RETRYABLE_503.contains(code)
                        && r.body().contains("\"retryable\":true")
                        && r.header("Retry-After") != null)
                || (r.status() == 409 && (code.equals("tenant_write_conflict") || code.equals("request_in_progress")));
    }

    static String code(TestServer.Response r) {
        Matcher m = CODE.matcher(r.body());
        return m.find() ? m.group(1) : "";
    }

    static String id(TestServer.Response r) {
        Matcher m = ID.matcher(r.body());
        if (!m.find()) {
            throw new AssertionError("no id in " + r);
        }
        return m.group(1);
    }
}
