package dev.lockstep.http.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.org.IdpWebhookSignature;
import dev.lockstep.http.testing.TestJson;
import dev.lockstep.http.testing.TestServer;
import io.micronaut.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every operation of the OpenAPI document the server serves, fed valid requests built from the
 * document's examples and then hostile ones: each body field set to values of the wrong type, out of
 * range, unstorable or absurdly large or deep; broken bodies, media types and encodings; bad path
 * and query parameters; odd headers and keys; methods the route does not have; and random
 * combinations of all of these. The judge is API.md's: no answer is ever 5xx, and every 4xx is
 * {@code application/problem+json} with a string {@code code} and its own status.
 *
 * <p>A systematic pass gives every body field, parameter and header its share of every class of
 * hostile value (which values of a class rotates from slot to slot, so each is used); then random
 * combinations of 2 to 4 mutations drawn from all values. The run is reproducible:
 * {@code -Dlockstep.fuzz.seed=<long>} picks the combinations, {@code -Dlockstep.fuzz.rounds=<n>}
 * scales how many there are (each round sends every operation {@value #COMBINATIONS_PER_OPERATION}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiFuzzContract {
    static final long DEFAULT_SEED = 20_260_105L;
    static final int DEFAULT_ROUNDS = 2;
    static final int COMBINATIONS_PER_OPERATION = 5;

    private static final JsonMapper PLAIN_JSON = JsonMapper.createDefault();
    private static final String TENANT = "fuzz";
    private static final String USER = "user-fuzz";
    private static final String SCOPED_KEY = "fuzz-scoped-" + UUID.randomUUID();
    private static final String IDP_SECRET = "fuzz-idp-secret-" + UUID.randomUUID();
    private static final String REUSED_IDEMPOTENCY_KEY = "fuzz-reused-key";
    private static final List<String> ALL_METHODS =
            List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FUZZ");

    private final IdpWebhookSignature signer = new IdpWebhookSignature(IDP_SECRET, Duration.ofSeconds(180));
    private TestServer server;
    private ServedDocument document;
    private final Map<String, String> fixtures = new HashMap<>();
    private final Set<String> unresolvedParams = new LinkedHashSet<>();
    private final Map<Integer, Integer> histogram = new TreeMap<>();
    private final Map<String, Integer> codes = new TreeMap<>();
    private final List<String> offenders = new ArrayList<>();
    private int sent;
    private int setupSent;
    private int unique;
    /** Rotates the share of each class of hostile value from one slot to the next. */
    private int slot;

    abstract TestServer.Storage storage();

    @BeforeAll
    void start() {
        Map<String, Object> props =
                new HashMap<>(TestServer.apiKey(0, "fuzz-scoped", SCOPED_KEY, List.of(TENANT), false));
        props.put("lockstep.idp.webhook-secret", IDP_SECRET);
        props.put("lockstep.stacks.teardown-delay", "0s");
        server = TestServer.start(storage(), props);
        document = ServedDocument.fetch(port());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private int port() {
        return Integer.parseInt(server.baseUrl().substring(server.baseUrl().lastIndexOf(':') + 1));
    }

    @Test
    void noRequestToAnyOperationOfTheServedDocumentGetsA5xxOrANonProblemError() {
        long seed = Long.getLong("lockstep.fuzz.seed", DEFAULT_SEED);
        int rounds = Integer.getInteger("lockstep.fuzz.rounds", DEFAULT_ROUNDS);
        Random random = new Random(seed);
        long started = System.nanoTime();

        List<ServedDocument.Operation> ops = document.operations();
        assertThat(ops).as("operations of the served document").hasSizeGreaterThan(20);
        Map<ServedDocument.Operation, List<Mutation>> systematic = new java.util.LinkedHashMap<>();
        Map<ServedDocument.Operation, List<Mutation>> all = new java.util.LinkedHashMap<>();
        for (ServedDocument.Operation op : ops) {
            systematic.put(op, catalog(op, false));
            all.put(op, catalog(op, true));
        }
        // every operation, every mutation on its own
        for (ServedDocument.Operation op : ops) {
            provisionFixtures();
            send(valid(op, server.adminKey()));
            send(valid(op, keyFor(op, 1)));
            int n = 0;
            for (Mutation m : systematic.get(op)) {
                FuzzRequest r = valid(op, keyFor(op, n++));
                m.applyTo(r);
                send(r);
            }
        }
        // methods the document does not list for a path
        provisionFixtures();
        document.methodsByPath().forEach((path, methods) -> {
            ServedDocument.Operation op =
                    ops.stream().filter(o -> o.path().equals(path)).findFirst().orElseThrow();
            for (String method : ALL_METHODS) {
                if (!methods.contains(method)) {
                    FuzzRequest r = valid(op, server.adminKey());
                    r.method = method;
                    r.labels.add("method " + method);
                    send(r);
                }
            }
        });
        // random combinations
        for (int round = 0; round < rounds; round++) {
            provisionFixtures();
            for (ServedDocument.Operation op : ops) {
                List<Mutation> catalog = all.get(op);
                for (int c = 0; c < COMBINATIONS_PER_OPERATION; c++) {
                    FuzzRequest r = valid(op, random.nextInt(3) == 0 ? SCOPED_KEY : server.adminKey());
                    int count = 2 + random.nextInt(3);
                    for (int i = 0; i < count; i++) {
                        catalog.get(random.nextInt(catalog.size())).applyTo(r);
                    }
                    send(r);
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        System.out.printf(
                "API fuzz on %s: seed %d, %d rounds, %d operations, %d requests sent (%d of them setup) in %d ms;"
                        + " by status %s; problem codes %s%s%n",
                storage(),
                seed,
                rounds,
                ops.size(),
                sent,
                setupSent,
                took.toMillis(),
                histogram,
                codes,
                unresolvedParams.isEmpty() ? "" : "; path parameters without a fixture: " + unresolvedParams);
        assertThat(sent).as("requests sent").isGreaterThanOrEqualTo(2_000);
        assertThat(offenders)
                .as(
                        "%d of %d answers broke the judge (5xx, or a 4xx that is not problem+json with a string code)",
                        offenders.size(), sent)
                .isEmpty();
    }

    // ---------------------------------------------------------------- requests

    /** The admin key mostly; the tenant-scoped key every third request on a tenant route. */
    private String keyFor(ServedDocument.Operation op, int n) {
        return n % 3 == 1 && op.path().startsWith("/v1/tenants/") ? SCOPED_KEY : server.adminKey();
    }

    /** A valid request of {@code op}: real path values, the document's example body. */
    private FuzzRequest valid(ServedDocument.Operation op, String key) {
        FuzzRequest r = new FuzzRequest(op);
        r.key = key;
        for (ServedDocument.Param p : op.params("path")) {
            r.pathValues.put(p.name(), pathValue(op, p.name()));
        }
        if (op.hasBody()) {
            r.tree = JsonTree.copy(op.exampleBody());
            if (r.tree instanceof Map<?, ?> m && creates(op)) {
                // a create with the example's own values would only ever hit "already exists"
                @SuppressWarnings("unchecked")
                Map<String, Object> body = (Map<String, Object>) m;
                int n = ++unique;
                body.replaceAll((k, v) -> v instanceof String s ? s + "-" + n : v);
            }
            if (r.tree instanceof Map<?, ?> m
                    && m.containsKey("refreshToken")
                    && fixtures.containsKey("refreshToken")) {
                JsonTree.set(r.tree, "/refreshToken", fixtures.get("refreshToken"));
            }
        }
        return r;
    }

    private static boolean creates(ServedDocument.Operation op) {
        return op.method().equals("POST")
                && op.path().startsWith("/v1/tenants/")
                && !op.path().endsWith("}");
    }

    private String pathValue(ServedDocument.Operation op, String param) {
        String before = op.path().substring(0, op.path().indexOf("{" + param + "}"));
        String segment = before.substring(before.lastIndexOf('/', before.length() - 2) + 1, before.length() - 1);
        String value =
                switch (param) {
                    case "tenantId" -> TENANT;
                    case "userId" -> USER;
                    case "ref" -> fixtures.get("identity");
                    case "sessionId" -> fixtures.get("session");
                    case "slug" -> fixtures.get("stack");
                    default -> fixtures.get(segment);
                };
        if (value == null) {
            unresolvedParams.add(op.path() + " {" + param + "}");
            return "fuzz-" + param;
        }
        return value;
    }

    /** Real resources for path parameters, made again before each batch (a batch may delete them). */
    private void provisionFixtures() {
        int n = ++unique;
        String identity =
                (String) setup("POST", "/v1/tenants/" + TENANT + "/identities", "{\"externalId\":\"fx-" + n + "\"}")
                        .get("id");
        fixtures.put("identity", identity);
        Map<String, Object> session =
                setup("POST", "/v1/tenants/" + TENANT + "/identities/" + identity + "/sessions", null);
        fixtures.put("session", (String) session.get("id"));
        fixtures.put("refreshToken", (String) session.get("refreshToken"));
        fixtures.put("feedback-records", (String) setup(
                        "POST",
                        "/v1/tenants/" + TENANT + "/feedback-records",
                        "{\"userId\":\"" + USER + "\",\"payload\":{\"n\":" + n + "}}")
                .get("id"));
        fixtures.put("webhooks", (String) setup(
                        "POST",
                        "/v1/tenants/" + TENANT + "/webhooks",
                        "{\"url\":\"https://hooks.example.org/" + n
                                + "\",\"eventTypes\":[\"identity.create\"],\"enabled\":true}")
                .get("id"));
        fixtures.put("stack", (String) setup("POST", "/v1/tenants/" + TENANT + "/stacks", "{\"slug\":\"fx-" + n + "\"}")
                .get("slug"));
        String event = "{\"id\":\"event_fuzz_" + n + "\",\"event\":\"organization.created\",\"data\":{\"object\":"
                + "\"organization\",\"id\":\"org_fuzz_" + n + "\",\"name\":\"Fuzz " + n + "\",\"domains\":[],"
                + "\"created_at\":\"2026-01-05T10:00:00.000Z\",\"updated_at\":\"2026-01-05T10:00:00.000Z\"},"
                + "\"created_at\":\"2026-01-05T10:00:00.000Z\"}";
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        fixtures.put("organizations", (String) setup(
                        "POST",
                        "/v1/idp/events",
                        event,
                        Map.of(IdpWebhookSignature.HEADER, signer.header(bytes, java.time.Instant.now())))
                .get("organizationId"));
    }

    private Map<String, Object> setup(String method, String path, String body) {
        return setup(method, path, body, Map.of());
    }

    private Map<String, Object> setup(String method, String path, String body, Map<String, String> extra) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + server.adminKey());
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        headers.putAll(extra);
        RawHttp.Request request =
                new RawHttp.Request(method, path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        RawHttp.Response r = exchange(request, "setup");
        setupSent++;
        assertThat(r.status()).as("setup %s %s: %s", method, path, r).isBetween(200, 299);
        return TestJson.parseObject(r.body());
    }

    private void send(FuzzRequest r) {
        exchange(r.build(signer), r.op + " [" + r.label() + "]");
    }

    private RawHttp.Response exchange(RawHttp.Request request, String what) {
        sent++;
        RawHttp.Response response;
        try {
            response = RawHttp.send(port(), request);
        } catch (IOException e) {
            histogram.merge(0, 1, Integer::sum);
            offenders.add(what + ": no answer (" + e + ")\n  " + request.describe());
            return new RawHttp.Response(0, Map.of(), "");
        }
        histogram.merge(response.status(), 1, Integer::sum);
        String verdict = judge(request, response, document.problemCodes());
        if (response.status() >= 400 && verdict == null && !request.method().equals("HEAD")) {
            codes.merge(String.valueOf(problemCode(response)), 1, Integer::sum);
        }
        if (verdict != null) {
            offenders.add(what + ": " + verdict + "\n  " + request.describe() + "\n  -> " + response);
        }
        return response;
    }

    /** API.md "Errors": null when the answer keeps the contract, else what is wrong with it. */
    static String judge(RawHttp.Request request, RawHttp.Response response, Set<String> codes) {
        int status = response.status();
        if (status >= 500) {
            return "a " + status;
        }
        if (status < 400) {
            return null;
        }
        String type = response.header("content-type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return "a " + status + " that is not application/problem+json";
        }
        if (status == 405 && response.header("allow") == null) {
            return "a 405 without an Allow header";
        }
        if (request.method().equals("HEAD")) {
            return null; // a HEAD answer has no body to check
        }
        Object parsed;
        try {
            // plain JSON: a problem may quote refused input (a U+0000 in a field name) back, escaped
            parsed = PLAIN_JSON.readValue(response.body().getBytes(StandardCharsets.UTF_8), Object.class);
        } catch (IOException e) {
            return "a " + status + " problem whose body is not JSON";
        }
        if (!(parsed instanceof Map<?, ?> problem) || !(problem.get("code") instanceof String)) {
            return "a " + status + " problem without a string code";
        }
        if (!codes.contains((String) problem.get("code"))) {
            return "a " + status + " problem whose code " + problem.get("code") + " the document does not declare";
        }
        if (!(problem.get("status") instanceof Number n) || n.intValue() != status) {
            return "a " + status + " problem whose status member is " + problem.get("status");
        }
        return null;
    }

    private static Object problemCode(RawHttp.Response response) {
        try {
            return ((Map<?, ?>) PLAIN_JSON.readValue(response.body().getBytes(StandardCharsets.UTF_8), Object.class))
                    .get("code");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- mutations

    /** A named change to a request. */
    record Mutation(String label, Consumer<FuzzRequest> change) {
        void applyTo(FuzzRequest r) {
            r.labels.add(label);
            change.accept(r);
        }
    }

    private static String nested(String open, String leaf, String close, int depth) {
        return open.repeat(depth) + leaf + close.repeat(depth);
    }

    /**
     * A class of hostile values and how many of them the systematic pass puts in each slot (a field,
     * a path parameter, a header): which ones rotates from slot to slot, so every value of every class
     * is used across the run, and the random pass draws from all of them.
     */
    record ValueClass<T>(String name, int perSlot, List<T> values) {
        List<T> forSlot(int slot) {
            List<T> picked = new ArrayList<>();
            for (int i = 0; i < Math.min(perSlot, values.size()); i++) {
                picked.add(values.get((slot * perSlot + i) % values.size()));
            }
            return picked;
        }
    }

    private static final List<ValueClass<String>> BAD_VALUES = List.of(
            new ValueClass<>("wrong type", 4, List.of("\"x\"", "{}", "0", "true", "[]", "[1,\"a\",{},[]]")),
            new ValueClass<>("null or empty", 2, List.of("null", "\"\"", "\" \"")),
            new ValueClass<>(
                    "number out of range",
                    2,
                    List.of(
                            "-1",
                            "1e309",
                            "-0",
                            "9223372036854775808",
                            "1.5",
                            "-1e309",
                            "2147483648",
                            "-0.0",
                            "-9223372036854775809",
                            "1e-400",
                            "123456789012345678901234567890.5")),
            new ValueClass<>("NaN-ish text", 1, List.of("\"NaN\"", "\"-Infinity\"")),
            new ValueClass<>(
                    "text no store keeps",
                    2,
                    List.of(
                            "\"a\\u0000b\"",
                            "\"\\ud800\"",
                            "{\"\\u0000\":1}",
                            "\"x\\udc00\"",
                            "{\"k\\ud800\":1}",
                            "[\"\\u0000\"]")),
            new ValueClass<>(
                    "odd valid text",
                    1,
                    List.of(
                            "\"\\ud83d\\ude00\"",
                            "\"\\u202e\\ufeff\\u0085\"",
                            "\"<script>alert(1)</script>\"",
                            "\"../../etc/passwd\"")),
            new ValueClass<>(
                    "large",
                    1,
                    List.of(
                            JsonTree.quote("x".repeat(10_000)),
                            JsonTree.quote("\u00e9".repeat(40_000)),
                            JsonTree.quote("y".repeat(300)),
                            "{\"" + "k".repeat(10_000) + "\":1}")),
            new ValueClass<>(
                    "nested 70 levels", 1, List.of(nested("[", "1", "]", 70), nested("{\"a\":", "1", "}", 70))),
            new ValueClass<>(
                    "nested 1000 levels", 1, List.of(nested("{\"a\":", "{}", "}", 1000), nested("[", "", "]", 1000))),
            new ValueClass<>("duplicate or mixed", 1, List.of("{\"a\":1,\"a\":2}", "[null]")));

    private static final List<ValueClass<String>> BAD_SEGMENTS = List.of(
            new ValueClass<>("bad encoding", 3, List.of("%00", "%ED%A0%80", "%zz", "a%00b", "%80", "%", "a%0Ab")),
            new ValueClass<>("separator", 3, List.of("%2F", "..", "%2e%2e", ";a=b", "a%2Fb", ".", "%5C", "%3F", "%23")),
            new ValueClass<>("long", 1, List.of("x".repeat(300), "x".repeat(20_000), "x".repeat(5_000))),
            new ValueClass<>("unicode", 1, List.of("%C3%A9", RawHttp.rawUtf8("\u00e9\u4e2d"), "%F0%9F%98%80")),
            new ValueClass<>(
                    "odd value",
                    2,
                    List.of("-1", "*", UUID.randomUUID().toString(), "", "%20", "null", "0", "%25", "a/b")));

    private static final List<ValueClass<String>> BAD_QUERY_VALUES = List.of(
            new ValueClass<>(
                    "out of range or not a number",
                    7,
                    List.of("-1", "0", "101", "abc", "", "1e3", "1.5", "2147483648", "99999999999999999999")),
            new ValueClass<>("bad encoding", 2, List.of("%00", "%ED%A0%80", "a%00b", "%zz")),
            new ValueClass<>("garbage", 2, List.of("eyJ4Ijp9", "x".repeat(3_000), "null")));

    private static final List<ValueClass<String[]>> ODD_HEADERS = List.of(
            new ValueClass<>(
                    "any request",
                    6,
                    List.of(
                            new String[] {"Origin", "https://evil.example"},
                            new String[] {"X-Padding", "p".repeat(10_240)},
                            new String[] {"Authorization", "Bearer "},
                            new String[] {"X-Request-Id", "r".repeat(1_000)},
                            new String[] {"Accept", "application/xml"},
                            new String[] {"X-HTTP-Method-Override", "DELETE"},
                            new String[] {"Origin", "null"},
                            new String[] {"X-Padding", "p".repeat(7_000)},
                            new String[] {"Authorization", "Basic YTpi"},
                            new String[] {"X-Request-Id", RawHttp.rawUtf8("\u00e9\ud83d\ude00")},
                            new String[] {"Accept", "text/html"},
                            new String[] {"Authorization", "Bearer " + "k".repeat(5_000)},
                            new String[] {"X-Request-Id", ""},
                            new String[] {"Accept", "*/*;q=0"},
                            new String[] {"Authorization", RawHttp.rawUtf8("Bearer \u043a\u043b\u044e\u0447")},
                            new String[] {"X-Request-Id", "a\u0001b"},
                            new String[] {"Authorization", "Bearer"})),
            new ValueClass<>(
                    "with a body",
                    11,
                    List.of(
                            new String[] {"Content-Encoding", "gzip"},
                            new String[] {"Content-Encoding", "deflate"},
                            new String[] {"Content-Encoding", "br"},
                            new String[] {"Content-Encoding", "x-unknown"},
                            new String[] {"Content-Type", "application/json; charset=utf-8"},
                            new String[] {"Content-Type", "APPLICATION/JSON"},
                            new String[] {"Content-Type", "application/problem+json"},
                            new String[] {"Content-Type", "application/merge-patch+json"},
                            new String[] {"Content-Type", "application/*"},
                            new String[] {"Content-Type", ";;;"},
                            new String[] {"Content-Type", ""})),
            new ValueClass<>(
                    "idempotent write",
                    12,
                    List.of(
                            new String[] {"Idempotency-Key", ""},
                            new String[] {"Idempotency-Key", " "},
                            new String[] {"Idempotency-Key", "k"},
                            new String[] {"Idempotency-Key", "x".repeat(255)},
                            new String[] {"Idempotency-Key", "x".repeat(256)},
                            new String[] {"Idempotency-Key", "x".repeat(9_000)},
                            new String[] {"Idempotency-Key", RawHttp.rawUtf8("\u043a\u043b\u044e\u0447")},
                            new String[] {"Idempotency-Key", "\u00e9"},
                            new String[] {"Idempotency-Key", "a\tb"},
                            new String[] {"Idempotency-Key", "%00"},
                            new String[] {"Idempotency-Key", "key with spaces"},
                            new String[] {"Idempotency-Key", REUSED_IDEMPOTENCY_KEY})));

    /** Every value of every class ({@code full}), or the rotating share of slot {@code slot}. */
    private static <T> List<T> pick(List<ValueClass<T>> classes, boolean full, int slot) {
        List<T> out = new ArrayList<>();
        for (ValueClass<T> c : classes) {
            out.addAll(full ? c.values() : c.forSlot(slot));
        }
        return out;
    }

    /**
     * The mutations of one operation. The systematic pass ({@code full} false) gives every body
     * field, path and query parameter and header its rotating share of every class of hostile value;
     * the random pass ({@code full} true) draws from all of them.
     */
    private List<Mutation> catalog(ServedDocument.Operation op, boolean full) {
        List<Mutation> out = new ArrayList<>();
        if (op.hasBody()) {
            for (String pointer : op.bodyFieldPointers()) {
                for (String bad : pick(BAD_VALUES, full, slot++)) {
                    out.add(new Mutation(
                            pointer + " = " + RawHttp.shorten(bad, 40),
                            r -> JsonTree.set(r.tree, pointer, new JsonTree.Raw(bad))));
                }
                out.add(new Mutation("without " + pointer, r -> JsonTree.remove(r.tree, pointer)));
                out.add(new Mutation(
                        "unknown member in " + pointer,
                        r -> JsonTree.set(r.tree, pointer + "/zzUnknown", new JsonTree.Raw("1"))));
            }
            out.add(new Mutation("unknown top-level member", r -> JsonTree.set(r.tree, "/zzUnknown", 1)));
            out.addAll(wholeBodies());
        } else {
            out.add(new Mutation(
                    "an unexpected JSON body", r -> r.rawBody = "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
            out.add(new Mutation("an unexpected 2 MiB body", r -> r.rawBody = new byte[2 * 1024 * 1024]));
            out.add(new Mutation("an unexpected text body", r -> {
                r.rawBody = "hello".getBytes(StandardCharsets.UTF_8);
                r.headers.put("Content-Type", "text/plain");
            }));
            out.add(new Mutation("gzip header on a plain body", r -> {
                r.rawBody = "{}".getBytes(StandardCharsets.UTF_8);
                r.headers.put("Content-Encoding", "gzip");
            }));
        }
        for (ServedDocument.Param p : op.params("path")) {
            for (String bad : pick(BAD_SEGMENTS, full, slot++)) {
                out.add(new Mutation(
                        "{" + p.name() + "} = " + RawHttp.shorten(bad, 30), r -> r.pathValues.put(p.name(), bad)));
            }
        }
        for (ServedDocument.Param p : op.params("query")) {
            String name = p.name();
            for (String bad : pick(BAD_QUERY_VALUES, full, slot++)) {
                out.add(new Mutation("?" + name + "=" + RawHttp.shorten(bad, 30), r -> r.query.add(name + "=" + bad)));
            }
            out.add(new Mutation("?" + name + " twice", r -> {
                r.query.add(name + "=1");
                r.query.add(name + "=2");
            }));
            out.add(new Mutation("?" + name + " without value", r -> r.query.add(name)));
        }
        out.add(new Mutation("list parameters on any route", r -> r.query.add("limit=-1&cursor=%00&after=x")));
        out.add(new Mutation("unknown query parameter", r -> r.query.add("zz=%ED%A0%80")));
        List<ValueClass<String[]>> headers = new ArrayList<>(ODD_HEADERS.subList(0, 1));
        if (op.hasBody()) {
            headers.add(ODD_HEADERS.get(1));
        }
        if (op.method().equals("POST") || op.method().equals("PATCH")) {
            headers.add(ODD_HEADERS.get(2));
        }
        for (String[] h : pick(headers, full, slot++)) {
            out.add(new Mutation(h[0] + ": " + RawHttp.shorten(h[1], 30), r -> r.headers.put(h[0], h[1])));
        }
        out.add(new Mutation("no API key", r -> r.key = null));
        out.add(new Mutation("the scoped key", r -> r.key = SCOPED_KEY));
        out.add(new Mutation("an unknown key", r -> r.key = "not-a-key"));
        out.add(new Mutation("no signature", r -> r.headers.put(IdpWebhookSignature.HEADER, FuzzRequest.ABSENT)));
        out.add(new Mutation(
                "a bad signature",
                r -> r.headers.put(IdpWebhookSignature.HEADER, "t=" + System.currentTimeMillis() + ", v1=00")));
        out.add(new Mutation("HEAD", r -> r.method = "HEAD"));
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String text(FuzzRequest r) {
        return JsonTree.write(r.tree);
    }

    private static Mutation body(String label, java.util.function.Function<FuzzRequest, byte[]> body) {
        return new Mutation(label, r -> r.rawBody = body.apply(r));
    }

    private static Mutation body(
            String label, String contentType, java.util.function.Function<FuzzRequest, byte[]> body) {
        return new Mutation(label, r -> {
            r.rawBody = body.apply(r);
            r.headers.put("Content-Type", contentType);
        });
    }

    private static List<Mutation> wholeBodies() {
        StringBuilder wide = new StringBuilder("{");
        for (int i = 0; i < 10_000; i++) {
            wide.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":1");
        }
        byte[] wideBody = utf8(wide.append('}').toString());
        return List.of(
                body("empty body", r -> new byte[0]),
                new Mutation("no body", r -> {
                    r.tree = null;
                    r.rawBody = null;
                }),
                new Mutation("no body but a JSON content type", r -> {
                    r.tree = null;
                    r.rawBody = null;
                    r.headers.put("Content-Type", "application/json");
                }),
                body("body null", r -> utf8("null")),
                body("body []", r -> utf8("[]")),
                body("body a string", r -> utf8("\"x\"")),
                body("body a number", r -> utf8("1e309")),
                body("body true", r -> utf8("true")),
                body("truncated JSON", r -> utf8(text(r).substring(0, text(r).length() / 2))),
                body("JSON missing its last character", r -> utf8(text(r).substring(0, text(r).length() - 1))),
                body("trailing garbage", r -> utf8(text(r) + "x")),
                body("two documents", r -> utf8(text(r) + text(r))),
                body("not JSON", r -> utf8("hello")),
                body("XML", "application/xml", r -> utf8("<a>1</a>")),
                body("JSON as text/plain", "text/plain", r -> utf8(text(r))),
                body("JSON without a content type", FuzzRequest.ABSENT, r -> utf8(text(r))),
                body("form", "application/x-www-form-urlencoded", r -> utf8("a=b&c=%00")),
                body(
                        "multipart",
                        "multipart/form-data; boundary=x",
                        r -> utf8("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n")),
                body("JSON declared latin-1", "application/json; charset=iso-8859-1", r -> utf8(text(r))),
                body("JSON in UTF-16", "application/json; charset=utf-16", r -> text(r).getBytes(
                                StandardCharsets.UTF_16)),
                body("invalid UTF-8", r -> new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}'}),
                body("0xFF bytes", r -> new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0}),
                body("a byte-order mark", r -> utf8("\ufeff" + text(r))),
                body("a CESU-8 surrogate in a member name", r ->
                        new byte[] {'{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ':', '1', '}'}),
                body("comments", r -> utf8("/*x*/" + text(r))),
                body("single quotes", r -> utf8("{'a':1}")),
                body("NaN token", r -> utf8("{\"a\":NaN}")),
                body("trailing comma", r -> utf8(text(r).replaceFirst("}$", ",}"))),
                body("1000 nested arrays", r -> utf8(nested("[", "", "]", 1000))),
                body("70 nested objects", r -> utf8(nested("{\"a\":", "{}", "}", 70))),
                body("100,000 nested arrays", r -> utf8(nested("[", "", "]", 100_000))),
                body("10,000 members", r -> wideBody),
                body("2 MiB string", r -> utf8("{\"a\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")),
                new Mutation("real gzip", r -> {
                    r.rawBody = gzip(utf8(text(r)));
                    r.headers.put("Content-Encoding", "gzip");
                }),
                new Mutation("gzip bomb-ish (8 MiB of spaces)", r -> {
                    r.rawBody = gzip(utf8(text(r) + " ".repeat(8 * 1024 * 1024)));
                    r.headers.put("Content-Encoding", "gzip");
                }),
                new Mutation("gzip header on a plain body", r -> {
                    r.rawBody = utf8(text(r));
                    r.headers.put("Content-Encoding", "gzip");
                }));
    }
}
