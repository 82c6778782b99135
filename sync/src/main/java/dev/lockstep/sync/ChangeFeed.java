package dev.lockstep.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code GET /v1/tenants/{tenantId}/changes?after=&limit=} and sorts every answer into three:
 * a page, a {@link RetryableFailure} (ask again later from the same cursor) or a {@link SyncFailure}
 * (nothing will change by asking again: a wrong key, a tenant outside the key's scope, a bad request).
 */
public final class ChangeFeed {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String key;
    private final HttpClient http;
    private final ObjectMapper json;

    public ChangeFeed(URI base, String key, ObjectMapper json) {
        this.base = base;
        this.key = key;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The entries of {@code tenant} after {@code after}, at most {@code limit}. */
    public ChangePage fetch(String tenant, long after, int limit)
            throws RetryableFailure, SyncFailure, InterruptedException {
        String path = "/v1/tenants/" + tenant + "/changes";
        URI uri = URI.create(base + path + "?after=" + after + "&limit=" + limit);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + key)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", "lockstep-sync")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new RetryableFailure(
                    "GET " + path + ": no answer within " + REQUEST_TIMEOUT.toSeconds() + " s", null, e);
        } catch (IOException e) {
            throw new RetryableFailure("GET " + path + ": " + describe(e), null, e);
        }
        int status = response.statusCode();
        if (status == 200) {
            return page(tenant, path, response.body());
        }
        Problem problem = Problem.of(json, response.body());
        String what = "GET " + path + " answered " + status + problem.summary();
        if (problem.retryable() || status == 502 || status == 503 || status == 504 || status == 429) {
            throw new RetryableFailure(what, retryAfter(response), null);
        }
        throw new SyncFailure(what + hint(status));
    }

    private ChangePage page(String tenant, String path, String body) throws SyncFailure {
        try {
            JsonNode root = json.readTree(body);
            JsonNode items = root.path("items");
            JsonNode next = root.path("nextSeq");
            if (!items.isArray() || !next.canConvertToLong() || !next.isIntegralNumber()) {
                throw new SyncFailure("GET " + path + " answered 200 without items[] and a numeric nextSeq");
            }
            List<Change> changes = new ArrayList<>(items.size());
            for (JsonNode item : items) {
                changes.add(change(path, item));
            }
            return new ChangePage(changes, next.asLong());
        } catch (JsonProcessingException e) {
            throw new SyncFailure(
                    "GET " + path + " answered 200 with a body that is not JSON: " + e.getOriginalMessage());
        }
    }

    private static Change change(String path, JsonNode item) throws SyncFailure {
        JsonNode seq = item.path("seq");
        String kind = item.path("kind").asText(null);
        String id = item.path("id").asText(null);
        String op = item.path("op").asText("");
        JsonNode row = item.get("row");
        if (!seq.isIntegralNumber() || kind == null || id == null) {
            throw new SyncFailure("GET " + path + ": an entry without seq, kind or id: " + item);
        }
        Change.Op parsed =
                switch (op) {
                    case "upsert" -> Change.Op.UPSERT;
                    case "delete" -> Change.Op.DELETE;
                    default -> throw new SyncFailure(
                            "GET " + path + ": entry seq " + seq.asLong() + " has op '" + op + "'");
                };
        if (parsed == Change.Op.UPSERT && (row == null || !row.isObject())) {
            throw new SyncFailure("GET " + path + ": upsert seq " + seq.asLong() + " carries no row");
        }
        return new Change(seq.asLong(), kind, id, parsed, row);
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.get().trim())));
        } catch (NumberFormatException e) {
            return Duration.ZERO; // an HTTP date: the backoff decides
        }
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> " (is --key right?)";
            case 403 -> " (is the tenant in the key's scope?)";
            case 404 -> " (does the server have the change feed? is --url the server's base URL?)";
            default -> "";
        };
    }

    /** {@code ConnectException: Connection refused}: the class and the first message down the causes. */
    private static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return e.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    /** The parts of an RFC 9457 answer the sync reads: {@code code}, {@code detail}, {@code retryable}. */
    record Problem(String code, String detail, boolean retryable) {
        static Problem of(ObjectMapper json, String body) {
            try {
                JsonNode node = json.readTree(body == null || body.isBlank() ? "{}" : body);
                return new Problem(
                        node.path("code").asText(""),
                        node.path("detail").asText(""),
                        node.path("retryable").asBoolean(false));
            } catch (JsonProcessingException | RuntimeException e) {
                String text = body == null ? "" : body.strip();
                return new Problem("", text.length() > 200 ? text.substring(0, 200) + "…" : text, false);
            }
        }

        String summary() {
            String out = code.isEmpty() ? "" : " " + code;
            String oneLine = detail.replaceAll("\\s+", " ").strip();
            return oneLine.isEmpty() ? out : out + ": " + oneLine;
        }
    }
}
