package dev.lockstep.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A change feed served by the JDK's HTTP server, following the wire contract of {@code GET
 * /v1/tenants/{t}/changes}: one sequence for all tenants (so each tenant's seqs have gaps, as on the
 * server), {@code nextSeq} the last returned seq or {@code after}, a purge leaving only its
 * {@code tenant} entry and what comes after, problem+json errors. Tests add entries, script failures
 * ahead of the real answers, and read which cursors the client asked for.
 */
final class FakeFeed implements AutoCloseable {
    static final String KEY = "fake-feed-key";
    private static final Pattern PATH = Pattern.compile("/v1/tenants/([A-Za-z0-9._:-]{1,128})/changes");

    /** One request the client made. */
    record Asked(String tenant, long after, int limit) {}

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final Map<String, List<ObjectNode>> feeds = new HashMap<>();
    private final Deque<Scripted> scripted = new ArrayDeque<>();
    private final Set<String> forbidden = new HashSet<>();
    private final List<Asked> asked = new ArrayList<>();
    private long seq;

    private record Scripted(int status, String code, boolean retryable, boolean drop) {}

    FakeFeed() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized long upsert(String tenant, String kind, String id, ObjectNode row) {
        ObjectNode e = entry(kind, id, "upsert");
        e.set("row", row);
        return append(tenant, e);
    }

    synchronized long delete(String tenant, String kind, String id) {
        return append(tenant, entry(kind, id, "delete"));
    }

    /** A purge: the tenant's feed then holds only its {@code tenant} entry and later ones. */
    synchronized long purge(String tenant) {
        feeds.computeIfAbsent(tenant, t -> new ArrayList<>()).clear();
        return append(tenant, entry("tenant", tenant, "delete"));
    }

    /** Adds an entry exactly as given (a kind the client does not know, a broken order…). */
    synchronized long raw(String tenant, ObjectNode entry) {
        feeds.computeIfAbsent(tenant, t -> new ArrayList<>()).add(entry);
        return entry.path("seq").asLong();
    }

    synchronized long nextSeq() {
        return ++seq;
    }

    /** The next request (of any tenant) answers this problem instead. */
    synchronized void failNext(int status, String code, boolean retryable) {
        scripted.add(new Scripted(status, code, retryable, false));
    }

    /** The next request gets no answer: the connection is closed. */
    synchronized void dropNext() {
        scripted.add(new Scripted(0, null, false, true));
    }

    synchronized void forbid(String tenant) {
        forbidden.add(tenant);
    }

    synchronized List<Asked> asked() {
        return List.copyOf(asked);
    }

    synchronized long lastSeq(String tenant) {
        List<ObjectNode> feed = feeds.getOrDefault(tenant, List.of());
        return feed.isEmpty() ? 0 : feed.get(feed.size() - 1).path("seq").asLong();
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    private ObjectNode entry(String kind, String id, String op) {
        ObjectNode e = json.createObjectNode();
        e.put("seq", ++seq);
        e.put("kind", kind);
        e.put("id", id);
        e.put("op", op);
        return e;
    }

    private long append(String tenant, ObjectNode e) {
        feeds.computeIfAbsent(tenant, t -> new ArrayList<>()).add(e);
        return e.path("seq").asLong();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Matcher m = PATH.matcher(ex.getRequestURI().getPath());
            if (!m.matches()) {
                problem(ex, 404, "not_found", false);
                return;
            }
            String tenant = m.group(1);
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            Scripted next;
            boolean refuse;
            long after;
            int limit;
            try {
                after = Long.parseLong(query.getOrDefault("after", "0"));
                limit = Integer.parseInt(query.getOrDefault("limit", "20"));
            } catch (NumberFormatException e) {
                problem(ex, 400, "validation_failed", false);
                return;
            }
            synchronized (this) {
                asked.add(new Asked(tenant, after, limit));
                next = scripted.poll();
                refuse = forbidden.contains(tenant);
            }
            if (next != null && next.drop()) {
                return; // closed with no answer
            }
            if (next != null) {
                problem(ex, next.status(), next.code(), next.retryable());
                return;
            }
            if (!("Bearer " + KEY).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                problem(ex, 401, "unauthorized", false);
                return;
            }
            if (refuse) {
                problem(ex, 403, "forbidden", false);
                return;
            }
            if (after < 0 || limit < 1 || limit > 100) {
                problem(ex, 400, "validation_failed", false);
                return;
            }
            ObjectNode page = json.createObjectNode();
            ArrayNode items = page.putArray("items");
            long nextSeq = after;
            synchronized (this) {
                for (ObjectNode e : feeds.getOrDefault(tenant, List.of())) {
                    if (e.path("seq").asLong() > after && items.size() < limit) {
                        items.add(e.deepCopy());
                        nextSeq = e.path("seq").asLong();
                    }
                }
            }
            page.put("nextSeq", nextSeq);
            send(ex, 200, "application/json", page);
        }
    }

    private void problem(HttpExchange ex, int status, String code, boolean retryable) throws IOException {
        ObjectNode p = json.createObjectNode();
        p.put("type", "/problems/" + code.replace('_', '-'));
        p.put("status", status);
        p.put("code", code);
        p.put("detail", "the fake feed says " + code);
        p.put("retryable", retryable);
        if (retryable) {
            ex.getResponseHeaders().add("Retry-After", "0");
        }
        send(ex, status, "application/problem+json", p);
    }

    private void send(HttpExchange ex, int status, String type, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(
                        part.substring(0, eq),
                        java.net.URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
