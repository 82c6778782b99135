package dev.lockstep.domain.org;

/**
 * The identity provider could not be told (unreachable, timed out, or it answered with an error):
 * the failure an {@link IdpDirectory} push can expect. The caller keeps the push pending and retries
 * it with the next event of that organization; anything else a push throws is a bug.
 */
public final class IdpUnavailableException extends RuntimeException {
    public IdpUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
