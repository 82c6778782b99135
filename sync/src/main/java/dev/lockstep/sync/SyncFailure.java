package dev.lockstep.sync;

/**
 * A failure the sync does not retry: the server refused (400, 401, 403, 404, …), the feed broke its
 * contract, or the target refused a statement for a reason that waiting does not change. Its message
 * is the one line the sync prints before it exits non-zero.
 */
public class SyncFailure extends Exception {
    private static final long serialVersionUID = 1L;

    public SyncFailure(String message) {
        super(message);
    }

    public SyncFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
