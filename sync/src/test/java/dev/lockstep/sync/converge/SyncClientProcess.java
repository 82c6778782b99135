package dev.lockstep.sync.converge;

import dev.lockstep.postgres.testing.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar sync/target/lockstep-sync.jar} as a process, all its runs appending to one log,
 * and what that log says: where each run started, its status lines, the lag it reported.
 */
final class SyncClientProcess {
    /** {@code tenant=T <what> cursor=N total=N caught-up=yes|no lag=1.2s} */
    static final Pattern STATUS =
            Pattern.compile("tenant=(\\S+) (.*?) ?cursor=(\\d+) total=(\\d+) caught-up=(yes|no) lag=([0-9.]+)s");

    static final Pattern START = Pattern.compile("tenant=(\\S+) start cursor=(\\d+)");

    /** One status line of the log. */
    record Status(String tenant, String what, long cursor, long total, boolean caughtUp, double lagSeconds) {}

    private final Path jar;
    private final List<String> args;
    final Path log;
    private Process process;
    private int runs;

    SyncClientProcess(Path jar, URI server, String key, List<String> tenants, TestPostgres.Database target, Path log) {
        this.jar = jar;
        this.log = log;
        List<String> a = new ArrayList<>(List.of(
                "--url", server.toString(),
                "--key", key,
                "--target", target.url(),
                "--target-user", target.user(),
                "--target-password", target.password(),
                "--poll", "200ms",
                "--status-every", "1s"));
        for (String t : tenants) {
            a.add("--tenant");
            a.add(t);
        }
        this.args = List.copyOf(a);
    }

    /** Starts it following the feed. */
    void follow() throws IOException {
        process = start(List.of());
    }

    /** Runs it with {@code --once} to the end; answers its exit status. */
    int once(Duration bound) throws Exception {
        Process p = start(List.of("--once"));
        if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            Processes.kill9(p);
            throw new AssertionError("--once did not finish within " + bound + ":\n" + Processes.tail(log, 30));
        }
        return p.exitValue();
    }

    private Process start(List<String> more) throws IOException {
        runs++;
        Files.writeString(
                log,
                "---- run " + runs + (more.isEmpty() ? " (following)" : " " + more) + " at " + Instant.now() + "\n",
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        List<String> command = new ArrayList<>(List.of(
                Processes.java(), "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(args);
        command.addAll(more);
        return Processes.start(command, Map.of(), log);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    void kill9() throws InterruptedException {
        Processes.kill9(process);
    }

    /** SIGTERM: it finishes the page in hand and logs where each tenant stopped. */
    void terminate() throws InterruptedException {
        Processes.terminate(process, Duration.ofSeconds(20));
    }

    List<String> lines() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    List<Status> statuses() throws IOException {
        return statuses(lines());
    }

    static List<Status> statuses(List<String> lines) {
        List<Status> out = new ArrayList<>();
        for (String l : lines) {
            Matcher m = STATUS.matcher(l);
            if (m.find()) {
                out.add(new Status(
                        m.group(1),
                        m.group(2),
                        Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4)),
                        m.group(5).equals("yes"),
                        Double.parseDouble(m.group(6))));
            }
        }
        return out;
    }

    /** The cursor each tenant's run started from, from the lines after {@code fromLine}. */
    static Map<String, Long> starts(List<String> lines, int fromLine) {
        Map<String, Long> out = new HashMap<>();
        for (String l : lines.subList(Math.min(fromLine, lines.size()), lines.size())) {
            Matcher m = START.matcher(l);
            if (m.find()) {
                out.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return out;
    }

    /** Whether the log shows an applied page after line {@code fromLine}. */
    static boolean appliedSince(List<String> lines, int fromLine) {
        return statuses(lines.subList(Math.min(fromLine, lines.size()), lines.size())).stream()
                .anyMatch(s -> s.what().startsWith("applied=") && !s.what().equals("applied=0"));
    }

    /** The highest cursor each tenant's status lines showed. */
    static Map<String, Long> loggedCursors(List<String> lines) {
        Map<String, Long> out = new HashMap<>();
        for (Status s : statuses(lines)) {
            out.merge(s.tenant(), s.cursor(), Math::max);
        }
        return out;
    }

    /** The one-line failure a run printed ({@code lockstep-sync: …}), if any. */
    static List<String> failures(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("lockstep-sync: ")).toList();
    }
}
