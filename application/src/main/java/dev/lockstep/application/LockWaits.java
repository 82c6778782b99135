package dev.lockstep.application;

import java.time.Duration;

/**
 * Where a storage adapter reports how long it waited for a lock, so operators can see which lock a
 * conflict or a slow answer came from. The adapters call it around their lock acquisitions and know
 * nothing of metrics; the server implements it (Micrometer) and hands it to the adapter it starts.
 */
public interface LockWaits {
    /** The locks of the design (ARCHITECTURE.md "Lock order"), as operators see them. */
    enum Kind {
        /** A tenant's write lock: a writer's shared try, or a purge's bounded exclusive wait. */
        TENANT("tenant"),
        /** A row lock ({@code FOR UPDATE}, or the JVM key lock in memory). */
        ROW("row"),
        /** An organization's lock, serializing its IdP events. */
        ORG("org"),
        /** A base slug's lock, serializing slug assignment. */
        SLUG("slug"),
        /**
         * A turn at a pooled database connection, in arrival order (PostgreSQL; refused after {@code
         * lockstep.storage.connection-wait}). Not a lock of the design, but the wait in front of all of
         * them; the in-memory adapter has no pool and never reports it.
         */
        CONNECTION("connection");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        /** The metric tag value, e.g. {@code tenant}. */
        public String wireName() {
            return wireName;
        }
    }

    /** Nothing is recorded: plain-Java users of an adapter, and tests. */
    LockWaits NONE = (kind, waited, granted) -> {};

    /**
     * One lock acquisition ended.
     *
     * @param waited from asking for the lock until it was granted or refused
     * @param granted false when the lock was refused (a try that failed, a bound that ran out)
     */
    void waited(Kind kind, Duration waited, boolean granted);
}
