package dev.lockstep.application.idempotency;

import dev.lockstep.domain.idempotency.StoredAnswer;

/**
 * Not a failure: the request with this {@code Idempotency-Key} already ran, and {@link #answer()} is
 * what it answered. Thrown from inside the unit of work, so the unit ends without writing anything;
 * the HTTP adapter answers the stored status and body with {@code Idempotent-Replayed: true}.
 */
public final class IdempotentReplay extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient StoredAnswer answer;

    public IdempotentReplay(StoredAnswer answer) {
        super("replay of a stored answer", null, false, false);
        this.answer = answer;
    }

    public StoredAnswer answer() {
        return answer;
    }
}
