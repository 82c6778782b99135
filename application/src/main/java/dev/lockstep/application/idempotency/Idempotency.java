package dev.lockstep.application.idempotency;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.idempotency.IdempotencyScope;
import dev.lockstep.domain.idempotency.StoredAnswer;
import dev.lockstep.domain.tenant.TenantUnit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How one write request treats its {@code Idempotency-Key} (API.md, "Idempotency"): {@link #none()}
 * without the header, or keyed. A use case runs its work through {@link #run} inside its unit of
 * work, after the tenant lock: a keyed run claims its scope (another unit holding it → {@code
 * request_in_progress}), looks for a stored answer (the same request → {@link IdempotentReplay}, a
 * different one → {@code idempotency_key_reused}), and otherwise runs the work and stores its
 * rendered answer in the same unit, so the answer commits exactly with the write.
 *
 * @param <T> the work's result
 */
public abstract sealed class Idempotency<T> {

    private Idempotency() {}

    /** No key: the work runs as it always does. */
    @SuppressWarnings("unchecked")
    public static <T> Idempotency<T> none() {
        return (Idempotency<T>) None.INSTANCE;
    }

    /**
     * A keyed request.
     *
     * @param fingerprint what tells two requests with one key apart (the HTTP adapter hashes method,
     *     path and body)
     * @param render the answer the client gets for the work's result, as stored (without secrets)
     * @param ttl how long the stored answer is kept
     */
    public static <T> Idempotency<T> keyed(
            IdempotencyScope scope, String fingerprint, Function<T, Answer> render, Duration ttl, Clock clock) {
        return new Keyed<>(scope, fingerprint, render, ttl, clock);
    }

    /** Whether a key came with the request (a self-gating create then runs as a unit instead). */
    public abstract boolean keyed();

    /**
     * Runs {@code work} in {@code unit} under this request's key.
     *
     * @throws IdempotentReplay when the same request already ran: nothing ran now, the unit rolls back
     * @throws DomainException {@code request_in_progress}, {@code idempotency_key_reused}
     */
    public abstract T run(TenantUnit unit, Supplier<T> work);

    /** An answer as the client gets it: HTTP status and JSON body text. */
    public record Answer(int status, String body) {}

    private static final class None<T> extends Idempotency<T> {
        private static final None<?> INSTANCE = new None<>();

        @Override
        public boolean keyed() {
            return false;
        }

        @Override
        public T run(TenantUnit unit, Supplier<T> work) {
            return work.get();
        }
    }

    private static final class Keyed<T> extends Idempotency<T> {
        private final IdempotencyScope scope;
        private final String fingerprint;
        private final Function<T, Answer> render;
        private final Duration ttl;
        private final Clock clock;

        Keyed(IdempotencyScope scope, String fingerprint, Function<T, Answer> render, Duration ttl, Clock clock) {
            this.scope = Objects.requireNonNull(scope, "scope");
            this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
            this.render = Objects.requireNonNull(render, "render");
            this.ttl = Objects.requireNonNull(ttl, "ttl");
            this.clock = Objects.requireNonNull(clock, "clock");
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("the idempotency ttl must be > 0, got " + ttl);
            }
        }

        @Override
        public boolean keyed() {
            return true;
        }

        @Override
        public T run(TenantUnit unit, Supplier<T> work) {
            if (!unit.idempotency().tryClaim(scope)) {
                throw DomainException.requestInProgress();
            }
            Instant now = clock.instant();
            Optional<StoredAnswer> stored = unit.idempotency().find(scope, now);
            if (stored.isPresent()) {
                if (!stored.get().fingerprint().equals(fingerprint)) {
                    throw DomainException.idempotencyKeyReused();
                }
                throw new IdempotentReplay(stored.get());
            }
            T result = work.get();
            Answer answer = render.apply(result);
            unit.idempotency()
                    .save(scope, new StoredAnswer(fingerprint, answer.status(), answer.body()), now, now.plus(ttl));
            return result;
        }
    }
}
