package dev.lockstep.application.contract;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.FeedbackRecordStore;
import dev.lockstep.domain.feedback.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Forwards every call; tests override one method to hook into a race. */
public class ForwardingFeedbackRecordStore implements FeedbackRecordStore {
    private final FeedbackRecordStore delegate;

    public ForwardingFeedbackRecordStore(FeedbackRecordStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public FeedbackRecord create(FeedbackRecord record) {
        return delegate.create(record);
    }

    @Override
    public Optional<FeedbackRecord> updatePayload(TenantId tenant, UUID id, FeedbackPayload payload, Instant at) {
        return delegate.updatePayload(tenant, id, payload, at);
    }

    @Override
    public boolean delete(TenantId tenant, UUID id) {
        return delegate.delete(tenant, id);
    }

    @Override
    public Set<TenantId> tenantsHoldingRecordsOf(UserId user) {
        return delegate.tenantsHoldingRecordsOf(user);
    }

    @Override
    public List<UUID> deleteAllOf(TenantId tenant, UserId user) {
        return delegate.deleteAllOf(tenant, user);
    }
}
