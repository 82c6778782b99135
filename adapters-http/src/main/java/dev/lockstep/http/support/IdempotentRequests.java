package dev.lockstep.http.support;

import dev.lockstep.application.idempotency.Idempotency;
import dev.lockstep.application.idempotency.IdempotencySettings;
import dev.lockstep.application.idempotency.IdempotentReplay;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.idempotency.IdempotencyKey;
import dev.lockstep.domain.idempotency.IdempotencyScope;
import dev.lockstep.domain.idempotency.StoredAnswer;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
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
 * How a write that takes an {@code Idempotency-Key} (API.md, "Idempotency"; every POST and PATCH
 * under {@code /v1/tenants/**}, marked {@link IdempotentWrite}) runs its use case and answers: {@link
 * #answer} reads the header itself and hands the use case its {@link Idempotency}: none without the
 * header; else the key (400 {@code validation_failed} on the header when it is not 1–255 printable
 * ASCII characters), scoped to the path's tenant and the API key's name. It answers the use case's
 * result, or, when the same request already ran, the stored answer again: same status and JSON body,
 * with {@code Idempotent-Replayed: true}. The use case signals that case with {@link IdempotentReplay}
 * (it must end its unit of work without writing), caught here, where the use case is called.
 *
 * <p>The success status is the route's {@code @Status} (200 without one). On an {@link
 * AnswersLocation} route both a first answer and a replay carry {@code Location}, made from the
 * answer body's {@code id} ({@link ApiAnswers#location}).
 *
 * <p>The fingerprint that tells two requests with one key apart is the SHA-256 of the method, the
 * request path and the body <b>as the server bound it</b>: the bound body is serialized again and its
 * object members sorted by name, so white space and member order do not make two equal JSON bodies
 * differ, while any change of a value does. The stored answer is the view the client gets, serialized
 * by the same JSON mapper as a live answer.
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
     * Runs {@code useCase} under this request's key and answers it.
     *
     * @param body the bound request body, or {@code null} for a request without one
     * @param view what the client gets for the write's result; it is also the stored answer, so it
     *     must hold no secret (else use the other overload)
     * @param useCase the one use case of the route, given this request's {@link Idempotency}
     */
    public <T> HttpResponse<?> answer(
            HttpRequest<?> request,
            TenantId tenant,
            @Nullable Object body,
            Function<T, ?> view,
            Function<Idempotency<T>, T> useCase) {
        return answer(request, tenant, body, view, view, useCase);
    }

    /**
     * As {@link #answer(HttpRequest, TenantId, Object, Function, Function)}, for a result whose live
     * answer holds a secret: {@code stored} is what is kept and what a replay answers.
     */
    public <T> HttpResponse<?> answer(
            HttpRequest<?> request,
            TenantId tenant,
            @Nullable Object body,
            Function<T, ?> view,
            Function<T, ?> stored,
            Function<Idempotency<T>, T> useCase) {
        RouteInfo<?> route = RouteAttributes.getRouteInfo(request)
                .orElseThrow(() -> new IllegalStateException("a keyed write ran outside its route"));
        HttpStatus status = route.findStatus(HttpStatus.OK);
        boolean answersLocation = route.getAnnotationMetadata().hasAnnotation(AnswersLocation.class);
        MutableHttpResponse<?> response;
        JsonNode created;
        try {
            Object answer = view.apply(useCase.apply(idempotency(request, tenant, body, status, stored)));
            response = HttpResponse.status(status).body(answer);
            created = answersLocation ? json.writeValueToTree(answer) : null;
        } catch (IdempotentReplay replay) {
            StoredAnswer answer = replay.answer();
            response = HttpResponse.status(HttpStatus.valueOf(answer.status()))
                    .contentType(MediaType.APPLICATION_JSON_TYPE)
                    .header(REPLAYED_HEADER, "true")
                    .body(answer.body());
            created = answersLocation ? read(answer.body()) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String id = createdId(created);
        if (id != null) {
            response.header(HttpHeaders.LOCATION, ApiAnswers.location(request, id));
        }
        return response;
    }

    /** A stored answer's body: JSON this server wrote. */
    private JsonNode read(String storedBody) {
        try {
            return json.readValue(storedBody, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> Idempotency<T> idempotency(
            HttpRequest<?> request, TenantId tenant, @Nullable Object body, HttpStatus status, Function<T, ?> stored) {
        String header = request.getHeaders().get(IdempotencyKey.HEADER);
        if (header == null) {
            return Idempotency.none();
        }
        // a header sent empty is a key of length 0, refused like any other bad key
        IdempotencyKey key = IdempotencyKey.of(header);
        Caller caller = request.getAttribute(RequestGuard.CALLER, Caller.class)
                .orElseThrow(() -> new IllegalStateException("a tenant route ran without its caller"));
        IdempotencyScope scope = new IdempotencyScope(tenant, caller.keyName(), key);
        return Idempotency.keyed(
                scope,
                fingerprint(request, body),
                result -> new Idempotency.Answer(status.getCode(), write(stored.apply(result))),
                settings,
                clock);
    }

    /** The created resource's {@code id} in an answer body; null without one (then no Location). */
    private static @Nullable String createdId(@Nullable JsonNode answer) {
        JsonNode id = answer == null || !answer.isObject() ? null : answer.get("id");
        return id != null && id.isString() ? id.getStringValue() : null;
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
