package dev.lockstep.http.support;

import io.micronaut.http.HttpRequest;

/**
 * The problem+json answers an operation documents, as references into the shared components of the
 * OpenAPI document ({@code src/main/openapi/problems.yml}): one per set of codes an operation can
 * return, so each operation lists exactly its codes (API.md's table) with one line per status.
 */
public final class ApiAnswers {
    private static final String R = "#/components/responses/";
    public static final String BAD_REQUEST = R + "BadRequest";
    public static final String UNAUTHORIZED = R + "Unauthorized";
    public static final String SIGN_OUT_UNAUTHORIZED = R + "SignOutUnauthorized";
    public static final String IDP_UNAUTHORIZED = R + "IdpUnauthorized";
    public static final String FORBIDDEN = R + "Forbidden";
    public static final String NOT_FOUND = R + "NotFound";
    public static final String WRITE_CONFLICT = R + "WriteConflict";
    public static final String IDENTITY_CONFLICT = R + "IdentityConflict";
    public static final String STACK_CONFLICT = R + "StackConflict";
    public static final String ENV_CONFLICT = R + "EnvConflict";
    public static final String PURGE_CONFLICT = R + "PurgeConflict";
    public static final String PAYLOAD_TOO_LARGE = R + "PayloadTooLarge";
    public static final String ENV_TOO_LARGE = R + "EnvTooLarge";
    public static final String UNSUPPORTED_MEDIA_TYPE = R + "UnsupportedMediaType";
    public static final String READ_UNAVAILABLE = R + "ReadUnavailable";
    public static final String WRITE_UNAVAILABLE = R + "WriteUnavailable";
    public static final String IDP_UNAVAILABLE = R + "IdpUnavailable";
    /** The 409 of a keyed write whose only other conflict is {@code tenant_write_conflict}. */
    public static final String KEYED_WRITE_CONFLICT = R + "KeyedWriteConflict";
    /** The 422 of every write that takes an {@code Idempotency-Key}. */
    public static final String IDEMPOTENCY_KEY_REUSED = R + "IdempotencyKeyReused";

    private static final String C = "#/components/";
    /** The {@code Idempotency-Key} header parameter ({@code src/main/openapi/idempotency.yml}). */
    public static final String IDEMPOTENCY_KEY_PARAMETER = C + "parameters/IdempotencyKey";
    /** The {@code Idempotent-Replayed} header of a success answer that may be a replay. */
    public static final String REPLAYED_HEADER = C + "headers/IdempotentReplayed";

    public static final String LOCATION_DOC =
            "Where the created resource is read: the request path, `/`, its `id` (on a replay too)";

    /**
     * The {@code Location} of what an {@link AnswersLocation} route created: the request path (the
     * collection), then {@code /} and the created {@code id}; a first answer and its replays alike.
     */
    public static String location(HttpRequest<?> request, Object id) {
        String collection = request.getPath();
        return (collection.endsWith("/") ? collection : collection + "/") + id;
    }

    /** The security scheme of every route that needs {@code Authorization: Bearer <api key>}. */
    public static final String API_KEY = "apiKey";

    private ApiAnswers() {}
}
