package dev.lockstep.http.tracing;

import dev.lockstep.domain.org.OrganizationStore;
import dev.lockstep.domain.org.OrganizationSync;
import dev.lockstep.domain.tenant.UnitWork;
import java.util.UUID;

/** The storage's organization sync, each serialized unit in a span ({@link StorageSpans}). */
final class TracedOrganizationSync implements OrganizationSync {
    private final OrganizationSync sync;
    private final StorageSpans spans;

    TracedOrganizationSync(OrganizationSync sync, StorageSpans spans) {
        this.sync = sync;
        this.spans = spans;
    }

    @Override
    public <T> T serialized(String idpId, UnitWork<OrganizationStore, T> work) {
        return spans.unit(
                "organization",
                span -> span.setAttribute(StorageSpans.ORGANIZATION, idpId),
                () -> sync.serialized(idpId, work));
    }

    @Override
    public void markExternalIdPushed(UUID id) {
        spans.unit("organization", span -> span, () -> {
            sync.markExternalIdPushed(id);
            return null;
        });
    }
}
