package dev.lockstep.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.postgres.PostgresStorage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Entry point of {@code bench-driver.jar}, driven by {@code bench/run.sh}:
 *
 * <pre>
 * http    SCENARIO --url U --key K --clients C [--warmup S] [--duration S] [--client raw|jdk] [--csv FILE] ...
 * adapter SCENARIO --jdbc URL [--user U] [--password P] --clients C [--warmup S] [--duration S] [--csv FILE]
 *     [--tenant-lock advisory|row]
 * call    METHOD PATH [JSON] --url U --key K      (one request, prints status and body; for set-up)
 * migrate --jdbc URL [--user U] [--password P]  (the service's Flyway migrations, as the server runs them)
 * </pre>
 *
 * Each load run prints one CSV row ({@link ClosedLoop.Result#csvHeader()}) to stdout and appends it
 * to {@code --csv} when given.
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] argv) throws Exception {
        if (argv.length < 2 && !(argv.length == 1 && argv[0].equals("migrate"))) {
            System.err.println(
                    "usage: http|adapter SCENARIO --name value ... | call METHOD PATH [JSON] --url U --key K");
            System.exit(2);
        }
        switch (argv[0]) {
            case "http" -> report(http(argv[1], new Args(argv, 2)), new Args(argv, 2));
            case "adapter" -> report(AdapterScenarios.run(argv[1], new Args(argv, 2)), new Args(argv, 2));
            case "call" -> System.exit(call(argv));
            case "migrate" -> migrate(new Args(argv, 1));
            default -> {
                System.err.println("unknown command " + argv[0]);
                System.exit(2);
            }
        }
    }

    private static ClosedLoop.Result http(String name, Args args) throws Exception {
        URI base = URI.create(args.required("url"));
        String key = args.required("key");
        int clients = args.integer("clients", 16);
        HttpScenarios.Scenario scenario = HttpScenarios.named(name, args);
        String kind = args.get("client", "raw");
        HttpClient jdk = kind.equals("jdk")
                ? HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build()
                : null;
        return ClosedLoop.run(
                "http-" + name,
                clients,
                args.seconds("warmup", 5),
                args.seconds("duration", 15),
                i -> jdk != null
                        ? HttpScenarios.jdkClient(scenario, base, key, jdk)
                        : HttpScenarios.rawClient(scenario, base, key));
    }

    private static void migrate(Args args) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args.required("jdbc"));
        config.setUsername(args.get("user", "postgres"));
        config.setPassword(args.get("password", ""));
        config.setMaximumPoolSize(2); // Flyway holds one for its lock table and migrates on another
        try (HikariDataSource ds = new HikariDataSource(config)) {
            PostgresStorage.migrate(ds);
        }
    }

    private static int call(String[] argv) throws IOException {
        String method = argv[1];
        String path = argv[2];
        boolean hasBody = argv.length > 3 && !argv[3].startsWith("--");
        Args args = new Args(argv, hasBody ? 4 : 3);
        URI base = URI.create(args.required("url"));
        RawHttpConnection c = new RawHttpConnection(base.getHost(), base.getPort(), args.required("key"));
        int status = c.send(method, path, hasBody ? argv[3].getBytes(StandardCharsets.UTF_8) : null);
        System.out.println(status + " " + c.lastBody());
        c.close();
        return status >= 200 && status < 300 ? 0 : 1;
    }

    private static void report(ClosedLoop.Result r, Args args) throws IOException {
        String row = r.csv();
        System.out.println(row);
        String csv = args.get("csv", null);
        if (csv != null) {
            Path p = Path.of(csv);
            if (!Files.exists(p)) {
                Files.writeString(p, ClosedLoop.Result.csvHeader() + "\n");
            }
            Files.writeString(p, row + "\n", StandardOpenOption.APPEND);
        }
        System.err.printf(
                java.util.Locale.ROOT,
                "%s c=%d tps=%.0f p50=%.2fms p99=%.2fms p99.9=%.2fms max=%.1fms (started %.1fs into the window) non2xx=%d errors=%d%n",
                r.name(),
                r.clients(),
                r.tps(),
                r.p50Ms(),
                r.p99Ms(),
                r.p999Ms(),
                r.maxMs(),
                r.maxAtS(),
                r.non2xx(),
                r.errors());
        if (HttpScenarios.Sample.first != null) {
            System.err.println("  first unexpected answer: " + HttpScenarios.Sample.first);
        }
        if (r.firstError() != null) {
            System.err.println("  first error: " + r.firstError());
        }
    }
}
