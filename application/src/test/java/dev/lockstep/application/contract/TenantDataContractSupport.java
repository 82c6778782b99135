package dev.lockstep.application.contract;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.feedback.CreateFeedbackRecord;
import dev.lockstep.application.ids.UuidIdGenerator;
import dev.lockstep.application.webhook.CreateWebhook;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.Timestamps;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.domain.webhook.EventTypes;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookUrl;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Helpers of the suites over tenant-owned rows (feedback records, webhooks, the purge). */
public abstract class TenantDataContractSupport extends ContractSupport {

    protected static final Clock CLOCK = Clock.systemUTC();
    protected static final UuidIdGenerator IDS = new UuidIdGenerator();

    protected static FeedbackPayload payload(Object... keyValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new FeedbackPayload(m);
    }

    /** A record about to be created (for a unit's own {@code create}). */
    protected static FeedbackRecord newRecord(TenantId tenant, String user) {
        Instant now = Timestamps.now(CLOCK);
        return new FeedbackRecord(
                IDS.newId(), tenant, user == null ? null : UserId.of(user), payload("n", 1), now, now);
    }

    /** A webhook about to be created (for a unit's own {@code create}). */
    protected static Webhook newWebhook(TenantId tenant) {
        Instant now = Timestamps.now(CLOCK);
        return new Webhook(
                IDS.newId(),
                tenant,
                WebhookUrl.of("https://hooks.example.com/in"),
                EventTypes.of(List.of("record.created")),
                true,
                now,
                now);
    }

    /** Creates a record the way a client does: one self-gating create. */
    protected FeedbackRecord createRecord(StoragePorts s, TenantId tenant, String user) {
        return new CreateFeedbackRecord(s.feedbackRecordGatedCreate(), s.tenantWriteLocks(), IDS, CLOCK)
                .create(tenant, user == null ? null : UserId.of(user), payload("n", 1));
    }

    protected FeedbackRecord createRecord(TenantId tenant, String user) {
        return createRecord(storage, tenant, user);
    }

    /** Creates a webhook the way a client does: one self-gating create. */
    protected Webhook createWebhook(StoragePorts s, TenantId tenant) {
        return new CreateWebhook(s.webhookGatedCreate(), s.tenantWriteLocks(), IDS, CLOCK)
                .create(
                        tenant,
                        WebhookUrl.of("https://hooks.example.com/in"),
                        EventTypes.of(List.of("record.created")),
                        true);
    }

    protected static <T> T onOtherThread(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work).join();
    }
}
