package dev.lockstep.domain.idempotency;

import java.util.Objects;

/**
 * The answer of a request that carried an {@code Idempotency-Key}, as stored with its write: the
 * fingerprint of the request (so a different request with the same key is told apart), the HTTP
 * status and the JSON body text. Holds no secret: the answer is rendered without one before it is
 * stored.
 */
public record StoredAnswer(String fingerprint, int status, String body) {
    public StoredAnswer {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(body, "body");
        if (status < 200 || status > 299) {
            throw new IllegalArgumentException("only the answer of a committed write is stored, got " + status);
        }
    }
}
