package dev.lockstep.http.support;

import dev.lockstep.application.idempotency.Idempotency;
import dev.lockstep.application.idempotency.IdempotencySettings;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.idempotency.IdempotencyKey;
import dev.lockstep.domain.idempotency.IdempotencyScope;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The {@code Idempotency-Key} of a POST or PATCH under {@code /v1/tenants/**} (API.md,
 * "Idempotency"), turned into the use case's {@link Idempotency}: none without the header; else
 * the key (400 {@code validation_failed} on the header when it is not 1–255 printable ASCII
 * characters), scoped to the path's tenant and the API key's name.
 *
 * <p>The fingerprint that tells two requests with one key apart is the SHA-256 of the method, the
 * request path and the body <b>as the server bound it</b>: the bound body is serialized again and its
 * object members sorted by name, so white space and member order do not make two equal JSON bodies
 * differ, while any change of a value does. The stored answer is the view the controller returns,
 * serialized by the same JSON mapper as a live answer.
 */
@Singleton
public final class IdempotentRequests {
    /** The header of a replayed answer. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final JsonMapper json;
    private final IdempotencySettings settings;
    private final Clock clock;

    public IdempotentRequests(JsonMapper json, IdempotencySettings settings, Clock clock) {
        this.json = json;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param body the bound request body, or {@code null} for a request without one
     * @param status the status of a successful answer
     * @param view what the controller answers for the use case's result (the stored answer is this,
     *     serialized), without any secret
     */
    public <T> Idempotency<T> of(
            HttpRequest<?> request, TenantId tenant, @Nullable Object body, HttpStatus status, Function<T, ?> view) {
        String header = request.getHeaders().get(IdempotencyKey.HEADER);
        if (header == null) {
            return Idempotency.none();
        }
        // a header sent empty is a key of length 0, refused like any other bad key
        IdempotencyKey key = IdempotencyKey.of(header);
        Caller caller = request.getAttribute(ApiKeyFilter.CALLER, Caller.class)
                .orElseThrow(() -> new IllegalStateException("a tenant route ran without its caller"));
        IdempotencyScope scope = new IdempotencyScope(tenant, caller.keyName(), key);
        return Idempotency.keyed(
                scope,
                fingerprint(request, body),
                result -> new Idempotency.Answer(status.getCode(), write(view.apply(result))),
                settings,
                clock);
    }

    private String fingerprint(HttpRequest<?> request, @Nullable Object body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(request.getMethodName().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(request.getPath().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            if (body != null) {
                Object tree = json.readValue(json.writeValueAsBytes(body), Argument.OBJECT_ARGUMENT);
                sha.update(json.writeValueAsBytes(sorted(tree)));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** {@code tree} with every object's members in name order. */
    private static Object sorted(Object tree) {
        if (tree instanceof Map<?, ?> map) {
            TreeMap<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (tree instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(sorted(v)));
            return out;
        }
        return tree;
    }

    private String write(Object view) {
        try {
            return json.writeValueAsString(view);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
