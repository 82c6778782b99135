package dev.lockstep.domain;

/** {@code ?limit=} (1–100, default 20) and an opaque {@code ?cursor=} (null for the first page). */
public record PageRequest(int limit, String cursor) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw DomainException.validation("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (cursor != null && (cursor.isEmpty() || cursor.length() > 512)) {
            throw DomainException.validation("cursor", "is not a cursor this server issued");
        }
        StorableText.require("cursor", cursor);
    }

    /** The query values as a client sent them: no {@code limit} means {@link #DEFAULT_LIMIT}. */
    public static PageRequest of(Integer limit, String cursor) {
        return new PageRequest(limit == null ? DEFAULT_LIMIT : limit, cursor);
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }
}
