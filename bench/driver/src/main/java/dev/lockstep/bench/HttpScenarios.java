package dev.lockstep.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The HTTP requests of the benchmark, each mirroring one pgbench pattern of
 * {@code ../shared/bench/pg/scripts}:
 *
 * <ul>
 *   <li>{@code create-record} ~ B_gated_insert: POST a feedback record {@code {"payload":{}}} for a
 *       random tenant among {@code tenant-1..tenant-100};
 *   <li>{@code get-identity} ~ E_lookup_union: GET an identity by externalId {@code ext_<n>}, n uniform
 *       over the loaded identities, in tenant {@code ws-<n % 1000>} (the SQL loader's layout); the
 *       answer must name that externalId, otherwise it counts as status 600;
 *   <li>{@code patch-env} ~ D_hot_merge: PATCH one key {@code k<1..500>} = "v" on ONE stack; with
 *       {@code --stacks n} on a random one of n stacks of one tenant ~ D_spread_merge.
 * </ul>
 */
final class HttpScenarios {
    /** Pseudo-status for a 2xx answer whose body is not the expected one. */
    static final int WRONG_BODY = 600;

    private HttpScenarios() {}

    /** One request for a random draw: method, path, body (null for none), and the text a 2xx body must contain. */
    record Request(String method, String path, byte[] body, String mustContain) {}

    interface Scenario {
        Request next(SplittableRandom random);
    }

    static Scenario named(String name, Args args) {
        switch (name) {
            case "create-record":
                byte[] record = "{\"payload\":{}}".getBytes(StandardCharsets.UTF_8);
                return r -> new Request(
                        "POST", "/v1/tenants/tenant-" + (1 + r.nextInt(100)) + "/feedback-records", record, null);
            case "get-identity":
                int identities = args.integer("identities", 1_000_000);
                int tenants = args.integer("tenants", 1000);
                return r -> {
                    int n = 1 + r.nextInt(identities);
                    return new Request(
                            "GET",
                            "/v1/tenants/ws-" + (n % tenants) + "/identities/ext_" + n,
                            null,
                            "\"ext_" + n + "\"");
                };
            case "patch-env":
                // ONE stack (--slug), or one of --stacks stacks named <--slug-prefix><1..n> at random
                String tenant = "/v1/tenants/" + args.required("tenant") + "/stacks/";
                String slug = args.get("slug", null);
                String prefix = args.get("slug-prefix", "stack-");
                int stacks = args.integer("stacks", 1);
                int keys = args.integer("keys", 500);
                return r -> new Request(
                        "PATCH",
                        tenant + (slug != null ? slug : prefix + (1 + r.nextInt(stacks))) + "/env",
                        ("{\"env\":{\"k" + (1 + r.nextInt(keys)) + "\":\"v\"}}").getBytes(StandardCharsets.UTF_8),
                        null);
            default:
                throw new IllegalArgumentException(
                        "unknown http scenario " + name + " (create-record, get-identity, patch-env)");
        }
    }

    /** One virtual user on its own keep-alive connection. */
    static ClosedLoop.Op rawClient(Scenario scenario, URI base, String key) {
        RawHttpConnection connection = new RawHttpConnection(base.getHost(), base.getPort(), key);
        return random -> {
            Request req = scenario.next(random);
            int status = connection.send(req.method(), req.path(), req.body());
            return check(status, req, connection.lastBody());
        };
    }

    /** The same with java.net.http.HttpClient (one shared client; it pools connections). */
    static ClosedLoop.Op jdkClient(Scenario scenario, URI base, String key, HttpClient client) {
        return random -> {
            Request req = scenario.next(random);
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(req.path()))
                    .header("Authorization", "Bearer " + key)
                    .header("Accept", "application/json");
            if (req.body() != null) {
                b.header("Content-Type", "application/json")
                        .method(req.method(), HttpRequest.BodyPublishers.ofByteArray(req.body()));
            } else {
                b.method(req.method(), HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return check(resp.statusCode(), req, resp.body());
        };
    }

    private static int check(int status, Request req, String body) {
        if (status >= 200 && status < 300 && req.mustContain() != null && !body.contains(req.mustContain())) {
            status = WRONG_BODY;
        }
        if ((status < 200 || status >= 300) && Sample.first == null) {
            Sample.first = req.method() + " " + req.path() + " -> " + status + " "
                    + body.substring(0, Math.min(400, body.length()));
        }
        return status;
    }

    /** The first unexpected answer, printed after the run to say what went wrong. */
    static final class Sample {
        static volatile String first;
    }
}
