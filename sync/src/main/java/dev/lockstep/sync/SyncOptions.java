package dev.lockstep.sync;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of {@code java -jar lockstep-sync.jar}. {@link #parse} refuses anything it does not
 * understand with a {@link UsageException}, so a typo never starts a sync that does something else.
 *
 * @param url the server's base URL ({@code http://host:8080})
 * @param key the API key (sent as {@code Authorization: Bearer})
 * @param tenants the tenants to mirror, each followed on its own cursor
 * @param target JDBC URL of the PostgreSQL database the mirror lives in
 * @param targetUser user for the target ({@code null}: from the URL)
 * @param targetPassword password for the target ({@code null}: from the URL)
 * @param once stop (exit 0) as soon as every tenant is caught up
 * @param poll how long to wait after a page that was not full before asking again
 * @param limit entries per page (1–100)
 * @param retryFor how long retryable failures in a row may last before the sync gives up
 * @param statusEvery how often a tenant with nothing new still logs its state
 */
public record SyncOptions(
        URI url,
        String key,
        List<String> tenants,
        String target,
        String targetUser,
        String targetPassword,
        boolean once,
        Duration poll,
        int limit,
        Duration retryFor,
        Duration statusEvery) {

    static final String USAGE =
            """
            usage: java -jar lockstep-sync.jar --url http://host:8080 --key KEY --tenant T [--tenant T2 ...]
                     --target jdbc:postgresql://host:5432/db [--target-user U] [--target-password P]
                     [--once] [--poll 1s] [--limit 100] [--retry-for 5m] [--status-every 10s]
              --once          apply until every tenant is caught up, then exit 0
              --poll          wait after a page that was not full (default 1s; 200ms, 2s, 1m)
              --limit         entries per page, 1-100 (default 100)
              --retry-for     give up (exit 1) when retryable failures last this long in a row (default 5m)
              --status-every  log line per tenant at least this often while nothing changes (default 10s)
              LOCKSTEP_SYNC_KEY and LOCKSTEP_SYNC_TARGET_PASSWORD may replace --key and --target-password.""";

    /** Tenant ids as API.md allows them: 1-128 characters of {@code [A-Za-z0-9._:-]}. */
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    public SyncOptions {
        tenants = List.copyOf(tenants);
    }

    /** A wrong command line: the message says what, {@link #USAGE} says how. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    public static SyncOptions parse(String[] args, java.util.function.Function<String, String> env)
            throws UsageException {
        String url = null;
        String key = env.apply("LOCKSTEP_SYNC_KEY");
        LinkedHashSet<String> tenants = new LinkedHashSet<>();
        String target = null;
        String targetUser = null;
        String targetPassword = env.apply("LOCKSTEP_SYNC_TARGET_PASSWORD");
        boolean once = false;
        Duration poll = Duration.ofSeconds(1);
        int limit = 100;
        Duration retryFor = Duration.ofMinutes(5);
        Duration statusEvery = Duration.ofSeconds(10);
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            switch (name) {
                case "--once" -> {
                    if (inline != null) {
                        throw new UsageException("--once takes no value");
                    }
                    once = true;
                }
                case "--url" -> url = value(name, inline, rest);
                case "--key" -> key = value(name, inline, rest);
                case "--tenant" -> {
                    String t = value(name, inline, rest);
                    if (!TENANT.matcher(t).matches()) {
                        throw new UsageException(
                                "--tenant '" + t + "' is not a tenant id (1-128 characters of [A-Za-z0-9._:-])");
                    }
                    tenants.add(t);
                }
                case "--target" -> target = value(name, inline, rest);
                case "--target-user" -> targetUser = value(name, inline, rest);
                case "--target-password" -> targetPassword = value(name, inline, rest);
                case "--poll" -> poll = duration(name, value(name, inline, rest), false);
                case "--retry-for" -> retryFor = duration(name, value(name, inline, rest), true);
                case "--status-every" -> statusEvery = duration(name, value(name, inline, rest), true);
                case "--limit" -> {
                    String v = value(name, inline, rest);
                    try {
                        limit = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        limit = -1;
                    }
                    if (limit < 1 || limit > 100) {
                        throw new UsageException("--limit must be 1-100, not '" + v + "'");
                    }
                }
                case "--help", "-h" -> throw new UsageException("");
                default -> throw new UsageException("unknown argument '" + arg + "'");
            }
        }
        if (url == null) {
            throw new UsageException("--url is required");
        }
        URI base = baseUrl(url);
        if (key == null || key.isBlank()) {
            throw new UsageException("--key is required (or LOCKSTEP_SYNC_KEY)");
        }
        if (tenants.isEmpty()) {
            throw new UsageException("at least one --tenant is required");
        }
        if (target == null) {
            throw new UsageException("--target is required");
        }
        if (!target.startsWith("jdbc:postgresql:")) {
            throw new UsageException("--target must be a jdbc:postgresql: URL, not '" + target + "'");
        }
        return new SyncOptions(
                base,
                key,
                List.copyOf(tenants),
                target,
                targetUser,
                targetPassword,
                once,
                poll,
                limit,
                retryFor,
                statusEvery);
    }

    private static String value(String name, String inline, List<String> rest) throws UsageException {
        if (inline != null) {
            return inline;
        }
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new UsageException(name + " needs a value");
        }
        return rest.remove(0);
    }

    private static URI baseUrl(String url) throws UsageException {
        try {
            URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new UsageException("--url must be an http(s) URL like http://host:8080, not '" + url + "'");
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw new UsageException("--url must not carry a query or fragment: '" + url + "'");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--url '" + url + "' is not a URL: " + e.getMessage());
        }
    }

    static Duration duration(String name, String text, boolean positive) throws UsageException {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new UsageException(name + " must be a duration like 200ms, 2s, 5m or 1h, not '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d =
                switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
        if (positive && d.isZero()) {
            throw new UsageException(name + " must be more than 0");
        }
        return d;
    }
}
