package dev.lockstep.http.org;

import dev.lockstep.domain.org.IdpDirectory;

/** An IdP directory the server closes when it stops (the HTTP one holds a client). */
public interface ClosableIdpDirectory extends IdpDirectory, AutoCloseable {
    @Override
    void close();
}
