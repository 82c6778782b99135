package dev.lockstep.http.fuzz;

import dev.lockstep.http.org.IdpWebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request of the fuzz run while it is being built: a valid request of an operation, then
 * changed by any number of mutations; {@link #build} turns it into bytes.
 */
final class FuzzRequest {
    /** The value of a header the request must not carry at all. */
    static final String ABSENT = "\u0000absent";

    final ServedDocument.Operation op;
    String method;
    final Map<String, String> pathValues = new LinkedHashMap<>();
    final List<String> query = new ArrayList<>();
    final Map<String, String> headers = new LinkedHashMap<>();
    /** The JSON body as a tree, or null for no body. */
    Object tree;
    /** Body bytes that replace the tree when set. */
    byte[] rawBody;
    /** The API key sent as {@code Authorization: Bearer}, or null for none. */
    String key;

    final List<String> labels = new ArrayList<>();

    FuzzRequest(ServedDocument.Operation op) {
        this.op = op;
        this.method = op.method();
    }

    String label() {
        return labels.isEmpty() ? "valid" : String.join(" + ", labels);
    }

    RawHttp.Request build(IdpWebhookSignature signer) {
        String target = op.path();
        for (Map.Entry<String, String> e : pathValues.entrySet()) {
            target = target.replace("{" + e.getKey() + "}", e.getValue());
        }
        if (!query.isEmpty()) {
            target += "?" + String.join("&", query);
        }
        byte[] body = rawBody != null
                ? rawBody
                : tree == null ? null : JsonTree.write(tree).getBytes(StandardCharsets.UTF_8);
        Map<String, String> out = new LinkedHashMap<>();
        if (key != null) {
            out.put("Authorization", "Bearer " + key);
        }
        if (body != null) {
            out.put("Content-Type", "application/json");
        }
        boolean signed =
                op.params("header").stream().anyMatch(p -> p.name().equalsIgnoreCase(IdpWebhookSignature.HEADER));
        if (signed && body != null) {
            out.put(IdpWebhookSignature.HEADER, signer.header(body, Instant.now()));
        }
        headers.forEach((k, v) -> {
            out.keySet().removeIf(existing -> existing.equalsIgnoreCase(k));
            if (!ABSENT.equals(v)) {
                out.put(k, v);
            }
        });
        return new RawHttp.Request(method, target, out, body);
    }
}
