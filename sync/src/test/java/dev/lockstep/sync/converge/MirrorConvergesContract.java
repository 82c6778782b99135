package dev.lockstep.sync.converge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.postgres.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The mirror converges, exactly, on both storages: the real server ({@code adapters-http/target/
 * lockstep.jar}) under {@code writers} concurrent writers doing every kind of write for at least
 * {@code seconds} (and on until the kill cycles are done), with two purges, followed by two sync clients ({@code sync/target/
 * lockstep-sync.jar}) into two target databases:
 *
 * <ul>
 *   <li>one is killed with SIGKILL and restarted during the load (at least twice), and at the end
 *       killed once more and run with {@code --once} to catch up;
 *   <li>the other follows live and is stopped (SIGTERM) 2 s after the writers stop.
 * </ul>
 *
 * Then each mirror must equal the service row for row, compared through the API's list and GET
 * routes (identities and their ratelimits, feedback records, webhooks, stacks), never its tables.
 * Sessions have no list or GET route: every session the writers created is asked about with a
 * sign-out (204 alive, 401 gone), which gives the service's live sessions exactly; after those
 * sign-outs a last {@code --once} must leave the mirror with no session. Figures go to stdout and
 * {@code target/convergence/<storage>-figures.txt}.
 *
 * <p>Runs after {@code package} with {@code -Pconvergence} (.ci/run's last step), as failsafe's *IT.
 */
abstract class MirrorConvergesContract {
    private static final Path OUT = Path.of("target", "convergence");

    /** {@code memory} or {@code postgres}. */
    abstract String storage();

    /** The server's storage settings (environment variables). */
    abstract Map<String, String> storageEnv();

    private static int intProperty(String name, int fallback) {
        return Integer.parseInt(System.getProperty(name, String.valueOf(fallback)));
    }

    @Test
    void theMirrorEqualsTheServiceRowForRowAfterKillsAndWhileFollowingLive() throws Exception {
        int writers = intProperty("lockstep.convergence.writers", 10);
        Duration load = Duration.ofSeconds(intProperty("lockstep.convergence.seconds", 30));
        assertThat(writers).as("writers").isGreaterThanOrEqualTo(8);
        assertThat(load).as("load").isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        Path serverJar = Processes.jar(
                "lockstep.server.jar", "mvn -B -DskipTests package -pl adapters-http -am (the server's jar)");
        Path syncJar = Processes.jar("lockstep.sync.jar", "mvn -B -DskipTests package -pl sync -am");
        Files.createDirectories(OUT);
        String run = storage() + "-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> tenants = List.of("conv-a-" + run, "conv-b-" + run);
        String key = "conv-admin-" + UUID.randomUUID();

        try (Processes.Server server =
                Processes.Server.start(serverJar, key, storageEnv(), OUT.resolve(storage() + "-server.log"))) {
            TestPostgres.Database killedDb = TestPostgres.freshDatabase("conv_" + storage() + "_killed");
            TestPostgres.Database liveDb = TestPostgres.freshDatabase("conv_" + storage() + "_live");
            SyncClientProcess killed = new SyncClientProcess(
                    syncJar, server.url, key, tenants, killedDb, fresh(storage() + "-sync-killed.log"));
            SyncClientProcess live = new SyncClientProcess(
                    syncJar, server.url, key, tenants, liveDb, fresh(storage() + "-sync-live.log"));
            Api.Tally writes = new Api.Tally();
            Api api = new Api(server.url, key, writes);
            Api check = new Api(server.url, key, new Api.Tally());
            ExecutorService background = Executors.newSingleThreadExecutor();
            try {
                live.follow();
                killed.follow();
                for (SyncClientProcess client : List.of(live, killed)) {
                    await(
                            () -> SyncClientProcess.starts(linesOf(client), 0).size() == tenants.size(),
                            Duration.ofSeconds(90),
                            "the clients reading their cursors");
                }
                Load writersLoad = new Load(api, api, tenants, run);
                Instant started = Instant.now();
                AtomicBoolean writing = new AtomicBoolean(true);
                AtomicBoolean cyclesDone = new AtomicBoolean(false);
                Future<KillCycles> cycles =
                        background.submit(() -> killAndRestart(killed, load, tenants.size(), writing, cyclesDone));

                writersLoad.run(writers, load, cyclesDone::get, load.multipliedBy(6));
                Instant writersStopped = Instant.now();
                Duration loadRan = Duration.between(started, writersStopped);
                writing.set(false);
                KillCycles kills = cycles.get();

                // stacks deleted at the end are torn down 200 ms later (teardown delay), well within 2 s
                await(() -> noStackDeleting(check, tenants), Duration.ofSeconds(30), "every deleted stack torn down");
                Thread.sleep(Math.max(
                        0,
                        Duration.between(Instant.now(), writersStopped.plusSeconds(2))
                                .toMillis()));
                live.terminate();
                Duration liveStoppedAfter = Duration.between(writersStopped, Instant.now());

                Snapshot service = Snapshot.ofService(check, tenants);
                Differences liveDiff =
                        Differences.between(service, Snapshot.ofMirror(liveDb, tenants), Snapshot.LISTED_KINDS);

                killed.kill9();
                int onceExit = killed.once(Duration.ofMinutes(3));
                Differences onceDiff =
                        Differences.between(service, Snapshot.ofMirror(killedDb, tenants), Snapshot.LISTED_KINDS);

                // sessions: each one the writers created, asked about by signing it out
                Map<String, Map<String, JsonNode>> alive = new TreeMap<>();
                int signedOut = 0;
                int gone = 0;
                for (Load.Session s : writersLoad.sessions) {
                    Api.Answer a = check.signOut("check.signOut", s.refreshToken());
                    if (a.is(204)) {
                        alive.computeIfAbsent(s.tenant(), t -> new TreeMap<>()).put(s.id(), Load.sessionRow(s));
                        signedOut++;
                    } else if (a.is(401)) {
                        gone++;
                    } else {
                        throw new AssertionError(
                                "sign-out of session " + s.id() + " answered " + a.status() + " " + a.body());
                    }
                }
                Snapshot withSessions = service.withSessions(alive);
                Differences liveSessions =
                        Differences.between(withSessions, Snapshot.ofMirror(liveDb, tenants), List.of("session"));
                Differences onceSessions =
                        Differences.between(withSessions, Snapshot.ofMirror(killedDb, tenants), List.of("session"));
                int afterSignOutExit = killed.once(Duration.ofMinutes(3));
                Snapshot afterSignOut = Snapshot.ofMirror(killedDb, tenants);
                int sessionsLeft = tenants.stream()
                        .mapToInt(t -> afterSignOut.of(t, "session").size())
                        .sum();

                List<String> liveLines = live.lines();
                List<String> killedLines = killed.lines();
                String figures = figures(
                        writers,
                        loadRan,
                        tenants,
                        writes,
                        writersLoad,
                        kills,
                        liveStoppedAfter,
                        liveLines,
                        killedLines,
                        liveDiff,
                        onceDiff,
                        liveSessions,
                        onceSessions,
                        signedOut,
                        gone);
                System.out.println(figures);
                Files.writeString(OUT.resolve(storage() + "-figures.txt"), figures);

                assertThat(SyncClientProcess.failures(liveLines))
                        .as("live client failures")
                        .isEmpty();
                assertThat(SyncClientProcess.failures(killedLines))
                        .as("killed client failures")
                        .isEmpty();
                assertThat(writes.of(500))
                        .as("500 answers (always a bug)\n" + figures)
                        .isZero();
                assertThat(writes.of(0))
                        .as("requests without an answer\n" + figures)
                        .isZero();
                assertThat(writersLoad.sessionCreatesWithoutAnswer.get()).isZero();
                assertThat(writersLoad.purges.get()).as("purges").isEqualTo(2);
                assertThat(kills.cycles())
                        .as("kill -9 / restart cycles during the load")
                        .isGreaterThanOrEqualTo(2);
                assertThat(kills.problems()).as("restarts").isEmpty();
                assertThat(onceExit).as("--once exit status").isZero();
                assertThat(afterSignOutExit)
                        .as("--once exit status after the sign-outs")
                        .isZero();
                assertThat(onceDiff.found())
                        .as("the killed-and-restarted mirror, then --once: " + onceDiff.summary(20))
                        .isEmpty();
                assertThat(liveDiff.found())
                        .as("the live mirror, stopped " + SyncLogs.seconds(liveStoppedAfter) + " after the writers: "
                                + liveDiff.summary(20) + "\n  its last lines:\n"
                                + String.join("\n", SyncLogs.lastStatuses(liveLines)))
                        .isEmpty();
                assertThat(onceSessions.found())
                        .as("sessions, --once mirror: " + onceSessions.summary(20))
                        .isEmpty();
                assertThat(liveSessions.found())
                        .as("sessions, live mirror: " + liveSessions.summary(20))
                        .isEmpty();
                assertThat(sessionsLeft)
                        .as("sessions left in the mirror after every session was signed out")
                        .isZero();
                assertThat(onceDiff.compared().values().stream()
                                .mapToInt(Integer::intValue)
                                .sum())
                        .as("rows compared")
                        .isPositive();
            } finally {
                background.shutdownNow();
                if (live.alive()) {
                    live.terminate();
                }
                if (killed.alive()) {
                    killed.kill9();
                }
            }
        }
    }

    private static Path fresh(String name) throws Exception {
        Path p = OUT.resolve(name);
        Files.deleteIfExists(p);
        return p;
    }

    /** What the kill/restart schedule did: cycles completed, and any restart that went back. */
    record KillCycles(int cycles, List<String> problems) {}

    /**
     * Kills the client with SIGKILL three times during the load — each time at least a fifth of the
     * load after the last, and only once its log shows it applying pages since its last start, so the
     * kill lands while it works — and restarts it. A restart must start from at least the highest
     * cursor the killed run logged (the cursor commits with its page; one committed after the last log
     * line only makes it higher). The writers go on until the three cycles are done (a JVM start takes
     * seconds on a loaded machine), so every kill happens under load.
     */
    private static KillCycles killAndRestart(
            SyncClientProcess client, Duration load, int tenants, AtomicBoolean writing, AtomicBoolean done)
            throws Exception {
        int cycles = 0;
        List<String> problems = new ArrayList<>();
        int mark = 0;
        try {
            for (int cycle = 1; cycle <= 3; cycle++) {
                Thread.sleep(load.dividedBy(5).toMillis());
                int since = mark;
                int n = cycle;
                await(
                        () -> {
                            if (!client.alive()) {
                                throw new AssertionError("the following client exited before kill " + n
                                        + "; its log ends:\n" + Processes.tail(client.log, 15));
                            }
                            return !writing.get() || SyncClientProcess.appliedSince(linesOf(client), since);
                        },
                        Duration.ofSeconds(60),
                        "the client applying pages before kill " + cycle);
                if (!writing.get()) {
                    break;
                }
                List<String> before = linesOf(client);
                Map<String, Long> logged = SyncClientProcess.loggedCursors(before.subList(since, before.size()));
                client.kill9();
                mark = linesOf(client).size();
                cycles++;
                Thread.sleep(300);
                client.follow();
                int restartedAt = mark;
                await(
                        () -> SyncClientProcess.starts(linesOf(client), restartedAt)
                                        .size()
                                == tenants,
                        Duration.ofSeconds(90),
                        "the restarted client reading its cursors");
                Map<String, Long> starts = SyncClientProcess.starts(linesOf(client), restartedAt);
                logged.forEach((tenant, cursor) -> {
                    Long start = starts.get(tenant);
                    if (start == null || start < cursor) {
                        problems.add("restart " + n + ": tenant " + tenant + " started at " + start
                                + " though the killed run had logged cursor " + cursor);
                    }
                });
            }
        } finally {
            done.set(true);
        }
        return new KillCycles(cycles, problems);
    }

    private static List<String> linesOf(SyncClientProcess client) {
        try {
            return client.lines();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static boolean noStackDeleting(Api api, List<String> tenants) {
        for (String t : tenants) {
            String cursor = null;
            do {
                Api.Answer page = api.get(
                        "check.list",
                        "/v1/tenants/" + t + "/stacks?limit=100"
                                + (cursor == null
                                        ? ""
                                        : "&cursor="
                                                + java.net.URLEncoder.encode(
                                                        cursor, java.nio.charset.StandardCharsets.UTF_8)));
                if (!page.is(200)) {
                    return false;
                }
                for (JsonNode s : page.body().path("items")) {
                    if ("deleting".equals(s.path("status").asText())) {
                        return false;
                    }
                }
                JsonNode next = page.body().path("nextCursor");
                cursor = next.isTextual() ? next.asText() : null;
            } while (cursor != null);
        }
        return true;
    }

    private static void await(BooleanSupplier condition, Duration bound, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(bound);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + bound.toSeconds() + " s: " + what);
            }
            Thread.sleep(50);
        }
    }

    private String figures(
            int writers,
            Duration load,
            List<String> tenants,
            Api.Tally writes,
            Load writersLoad,
            KillCycles kills,
            Duration liveStoppedAfter,
            List<String> liveLines,
            List<String> killedLines,
            Differences liveDiff,
            Differences onceDiff,
            Differences liveSessions,
            Differences onceSessions,
            int sessionsAlive,
            int sessionsGone) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "convergence on %s: %d writers for %.1f s on %s%n",
                storage(),
                writers,
                load.toMillis() / 1000.0,
                tenants));
        b.append("  answers by status: ")
                .append(writes.byStatus())
                .append(" (")
                .append(writes.total())
                .append(" requests)\n");
        b.append("  answers by operation:\n");
        writes.byOp()
                .forEach((op, n) ->
                        b.append("    ").append(op).append(": ").append(n).append('\n'));
        b.append("  purges: ").append(writersLoad.purges.get()).append('\n');
        b.append("  kill -9 / restart cycles during the load: ")
                .append(kills.cycles())
                .append(" (then one more kill -9 before --once)\n");
        b.append("  live client: stopped ")
                .append(SyncLogs.seconds(liveStoppedAfter))
                .append(" after the writers; max lag reported ")
                .append(SyncLogs.maxLag(liveLines))
                .append("; at stop:\n");
        SyncLogs.lastStatuses(liveLines).forEach(l -> b.append("    ").append(l).append('\n'));
        b.append("  killed client: max lag reported ")
                .append(SyncLogs.maxLag(killedLines))
                .append("; runs ended:\n");
        SyncLogs.lastStatuses(killedLines)
                .forEach(l -> b.append("    ").append(l).append('\n'));
        b.append("  rows compared, live mirror: ")
                .append(new TreeMap<>(liveDiff.compared()))
                .append(" + sessions ")
                .append(liveSessions.compared())
                .append("; differences: ")
                .append(liveDiff.found().size() + liveSessions.found().size())
                .append('\n');
        b.append("  rows compared, killed mirror after --once: ")
                .append(new TreeMap<>(onceDiff.compared()))
                .append(" + sessions ")
                .append(onceSessions.compared())
                .append("; differences: ")
                .append(onceDiff.found().size() + onceSessions.found().size())
                .append('\n');
        b.append("  sessions (no list route; each one created asked about with a sign-out): ")
                .append(sessionsAlive)
                .append(" alive, ")
                .append(sessionsGone)
                .append(" already revoked\n");
        return b.toString();
    }
}
