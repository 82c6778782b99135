package dev.lockstep.sync.converge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The service's HTTP API as the load and the check use it: every answer is counted by status and by
 * operation, and a request that got no answer counts as status 0.
 */
final class Api {
    /** An answer: status, body (a missing node when there is none) and the problem's code, if any. */
    record Answer(int status, JsonNode body) {
        String code() {
            return body.path("code").asText("");
        }

        boolean is(int s) {
            return status == s;
        }
    }

    /** Answers counted by status and by {@code op status}. */
    static final class Tally {
        private final Map<String, LongAdder> byOp = new ConcurrentHashMap<>();
        private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();

        void count(String op, Answer a) {
            byStatus.computeIfAbsent(a.status(), s -> new LongAdder()).increment();
            String key = op + " "
                    + (a.status() == 0 ? "no-answer" : a.status() + (a.code().isEmpty() ? "" : " " + a.code()));
            byOp.computeIfAbsent(key, k -> new LongAdder()).increment();
        }

        Map<Integer, Long> byStatus() {
            Map<Integer, Long> out = new TreeMap<>();
            byStatus.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }

        Map<String, Long> byOp() {
            Map<String, Long> out = new TreeMap<>();
            byOp.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }

        long total() {
            return byStatus.values().stream().mapToLong(LongAdder::sum).sum();
        }

        long of(int status) {
            LongAdder n = byStatus.get(status);
            return n == null ? 0 : n.sum();
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String key;
    private final Tally tally;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    Api(URI base, String key, Tally tally) {
        this.base = base;
        this.key = key;
        this.tally = tally;
    }

    Tally tally() {
        return tally;
    }

    Answer get(String op, String path) {
        return send(op, "GET", path, null, true);
    }

    Answer post(String op, String path, JsonNode body) {
        return send(op, "POST", path, body, true);
    }

    Answer patch(String op, String path, JsonNode body) {
        return send(op, "PATCH", path, body, true);
    }

    Answer delete(String op, String path) {
        return send(op, "DELETE", path, null, true);
    }

    /** {@code POST /v1/sessions/sign-out}: no API key, the refresh token is the credential. */
    Answer signOut(String op, String refreshToken) {
        return send(
                op, "POST", "/v1/sessions/sign-out", JSON.createObjectNode().put("refreshToken", refreshToken), false);
    }

    private Answer send(String op, String method, String path, JsonNode body, boolean withKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, application/problem+json");
        if (withKey) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        Answer a;
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode parsed = MissingNode.getInstance();
            if (r.body() != null && !r.body().isBlank()) {
                try {
                    parsed = JSON.readTree(r.body());
                } catch (IOException e) {
                    parsed = JSON.createObjectNode().put("unparsed", r.body());
                }
            }
            a = new Answer(r.statusCode(), parsed);
        } catch (IOException e) {
            a = new Answer(0, JSON.createObjectNode().put("error", e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            a = new Answer(0, JSON.createObjectNode().put("error", "interrupted"));
        }
        if (tally != null) {
            tally.count(op, a);
        }
        return a;
    }
}
