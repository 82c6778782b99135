package dev.lockstep.application.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.feedback.CreateFeedbackRecord;
import dev.lockstep.application.ids.UuidIdGenerator;
import dev.lockstep.application.webhook.CreateWebhook;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.feedback.FeedbackPayload;
import dev.lockstep.domain.feedback.FeedbackRecord;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.domain.log.DeletionLogEntry;
import dev.lockstep.domain.webhook.EventTypes;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookUrl;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

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

  protected FeedbackRecord createRecord(StoragePorts s, TenantId tenant, String user) {
    return new CreateFeedbackRecord(s, IDS, CLOCK).create(tenant, user == null ? null : UserId.of(user), payload("n", 1));
  }

  protected FeedbackRecord createRecord(TenantId tenant, String user) {
    return createRecord(storage, tenant, user);
  }

  protected Webhook createWebhook(StoragePorts s, TenantId tenant) {
    return new CreateWebhook(s, IDS, CLOCK).create(tenant, WebhookUrl.of("https://hooks.example.com/in"), EventTypes.of(List.of("record.created")), true);
  }











  /** Every deletion-log entry of the tenant, through the cursor. */
  protected List<DeletionLogEntry> allDeletions(StoragePorts s, TenantId tenant) {
    List<DeletionLogEntry> out = new ArrayList<>();
    long after = 0;
    while (true) {
      List<DeletionLogEntry> page = s.deletionLog().after(tenant, after, 100);
      if (page.isEmpty()) {
        return out;
      }
      out.addAll(page);
      after = page.get(page.size() - 1).seq();
    }
  }

  protected static <T> T onOtherThread(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work).join();
  }
}
