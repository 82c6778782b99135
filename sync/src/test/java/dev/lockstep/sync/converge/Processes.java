package dev.lockstep.sync.converge;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The jars the convergence test runs as processes, and how it finds, starts and ends them. */
final class Processes {
    private Processes() {}

    static Path jar(String property, String buildHint) {
        String p = System.getProperty(property);
        if (p == null || p.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (sync/pom.xml sets it)");
        }
        Path jar = Path.of(p).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist; build it first: " + buildHint);
        }
        return jar;
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** {@code kill -9}: {@link Process#destroyForcibly} sends SIGKILL on Linux; nothing of the process runs after it. */
    static void kill9(Process p) throws InterruptedException {
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("process " + p.pid() + " survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    static void terminate(Process p, Duration grace) throws InterruptedException {
        if (!p.isAlive()) {
            return;
        }
        p.destroy();
        if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            kill9(p);
        }
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The server, {@code java -jar adapters-http/target/lockstep.jar}, on a free port. */
    static final class Server implements AutoCloseable {
        final URI url;
        final Path log;
        private final Process process;

        private Server(URI url, Path log, Process process) {
            this.url = url;
            this.log = log;
            this.process = process;
        }

        static Server start(Path jar, String adminKey, Map<String, String> storageEnv, Path log) throws Exception {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-jar", jar.toString()));
            Map<String, String> env = new java.util.HashMap<>(storageEnv);
            env.put("MICRONAUT_SERVER_PORT", String.valueOf(port));
            env.put("LOCKSTEP_BOOTSTRAP_ADMIN_KEY", adminKey);
            // stacks deleted under load are torn down well within the 2 s the live check allows
            env.put("LOCKSTEP_STACKS_TEARDOWN_DELAY", "200ms");
            Process p = Processes.start(command, env, log);
            URI url = URI.create("http://127.0.0.1:" + port);
            Server s = new Server(url, log, p);
            s.awaitHealthy(Duration.ofSeconds(120));
            return s;
        }

        private void awaitHealthy(Duration bound) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            Instant deadline = Instant.now().plus(bound);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server exited (" + process.exitValue()
                            + ") before answering /health:\n" + tail(log, 40));
                }
                try {
                    HttpResponse<Void> r = http.send(
                            HttpRequest.newBuilder(url.resolve("/health"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // starting
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException(
                    "the server did not answer /health within " + bound + ":\n" + tail(log, 40));
        }

        @Override
        public void close() throws InterruptedException {
            terminate(process, Duration.ofSeconds(20));
        }
    }
}
