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
     * @param settings how long the stored answer is kept (validated there, once)
     */
    public static <T> Idempotency<T> keyed(
            IdempotencyScope scope,
            String fingerprint,
            Function<T, Answer> render,
            IdempotencySettings settings,
            Clock clock) {
        return new Keyed<>(scope, fingerprint, render, settings.ttl(), clock);
    }

    /** Whether a key came with the request (a self-gating create then runs as a unit instead). */
    public final boolean keyed() {
        return scope().isPresent();
    }

    /**
     * Runs {@code work} in {@code unit} under this request's key.
     *
     * @throws IdempotentReplay when the same request already ran: nothing ran now, the unit rolls back
     * @throws DomainException {@code request_in_progress}, {@code idempotency_key_reused}
     */
    public final T run(TenantUnit unit, Supplier<T> work) {
        RuntimeException refusal = admit(unit);
        if (refusal != null) {
            throw refusal;
        }
        T result = work.get();
        save(unit, render(result));
        return result;
    }

    /**
     * The first step of {@link #run}, for work that must not be aborted by one request's key (a
     * batch of several requests in one unit): claims the scope and looks for a stored answer.
     *
     * @return null when the work may run; otherwise what this request answers instead, <b>returned,
     *     not thrown</b> (an {@link IdempotentReplay}, or {@code request_in_progress} / {@code
     *     idempotency_key_reused})
     */
    public abstract RuntimeException admit(TenantUnit unit);

    /**
     * The answer to store for {@code result} (null without a key). Rendered before anything is stored,
     * so a failing render is this request's own failure.
     */
    public abstract Answer render(T result);

    /** Stores {@code answer} (from {@link #render}) in {@code unit}; nothing without a key. */
    public abstract void save(TenantUnit unit, Answer answer);

    /** The scope of the key, empty without one (two requests of one batch with one scope run as two units would). */
    public abstract Optional<IdempotencyScope> scope();

    /** An answer as the client gets it: HTTP status and JSON body text. */
    public record Answer(int status, String body) {}

    private static final class None<T> extends Idempotency<T> {
        private static final None<?> INSTANCE = new None<>();

        @Override
        public RuntimeException admit(TenantUnit unit) {
            return null;
        }

        @Override
        public Answer render(T result) {
            return null;
        }

        @Override
        public void save(TenantUnit unit, Answer answer) {
            // no key, nothing to store
        }

        @Override
        public Optional<IdempotencyScope> scope() {
            return Optional.empty();
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
        }

        @Override
        public RuntimeException admit(TenantUnit unit) {
            if (!unit.idempotency().tryClaim(scope)) {
                return DomainException.requestInProgress();
            }
            Optional<StoredAnswer> stored = unit.idempotency().find(scope, clock.instant());
            if (stored.isPresent()) {
                if (!stored.get().fingerprint().equals(fingerprint)) {
                    return DomainException.idempotencyKeyReused();
                }
                return new IdempotentReplay(stored.get());
            }
            return null;
        }

        @Override
        public Answer render(T result) {
            return Objects.requireNonNull(render.apply(result), "the rendered answer");
        }

        @Override
        public void save(TenantUnit unit, Answer answer) {
            Instant now = clock.instant();
            unit.idempotency()
                    .save(scope, new StoredAnswer(fingerprint, answer.status(), answer.body()), now, now.plus(ttl));
        }

        @Override
        public Optional<IdempotencyScope> scope() {
            return Optional.of(scope);
        }
    }
}
