package dev.lockstep.application.contract;

import dev.lockstep.domain.org.IdpDirectory;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link IdpDirectory} that only remembers what it was told: the demo mode without a configured
 * IdP, and a fake for tests.
 */
public final class RecordingIdpDirectory implements IdpDirectory {

    /** One push: our id told to the IdP organization {@code idpId}. */
    public record Push(String idpId, UUID id) {}

    private final List<Push> pushes = new CopyOnWriteArrayList<>();

    @Override
    public void pushExternalId(String idpId, UUID id) {
        pushes.add(new Push(idpId, id));
    }

    /** Every push so far, oldest first. */
    public List<Push> pushes() {
        return List.copyOf(pushes);
    }
}
