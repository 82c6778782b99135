package dev.lockstep.http.org;

import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IdP directory of the demo mode (no {@code lockstep.idp.api-key}): it logs the push it would
 * make and reports success, so organizations sync end to end without an IdP account; the org's push
 * is then no longer pending.
 */
public final class LogOnlyIdpDirectory implements ClosableIdpDirectory {
    private static final Logger log = LoggerFactory.getLogger(LogOnlyIdpDirectory.class);

    @Override
    public void pushExternalId(String idpId, UUID id) {
        log.info("lockstep.idp.api-key is not set: would tell IdP organization {} our id {}", idpId, id);
    }

    @Override
    public void close() {
        // holds nothing
    }
}
