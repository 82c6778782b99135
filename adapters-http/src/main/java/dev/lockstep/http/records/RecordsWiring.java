package dev.lockstep.http.records;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.feedback.CreateFeedbackRecord;
import dev.lockstep.application.feedback.DeleteFeedbackRecord;
import dev.lockstep.application.feedback.DeleteUserFeedbackRecords;
import dev.lockstep.application.feedback.GetFeedbackRecord;
import dev.lockstep.application.feedback.ListFeedbackRecords;
import dev.lockstep.application.feedback.UpdateFeedbackRecord;
import dev.lockstep.application.webhook.CreateWebhook;
import dev.lockstep.application.webhook.DeleteWebhook;
import dev.lockstep.application.webhook.GetWebhook;
import dev.lockstep.application.webhook.ListWebhooks;
import dev.lockstep.application.webhook.UpdateWebhook;
import dev.lockstep.domain.ids.IdGenerator;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Use cases of the tenant-owned records: feedback records (with the GDPR delete) and webhooks. */
@Factory
public class RecordsWiring {

  @Singleton
  CreateFeedbackRecord createFeedbackRecord(StoragePorts storage, IdGenerator ids, Clock clock) {
    return new CreateFeedbackRecord(storage, ids, clock);
  }

  @Singleton
  GetFeedbackRecord getFeedbackRecord(StoragePorts storage) {
    return new GetFeedbackRecord(storage);
  }

  @Singleton
  ListFeedbackRecords listFeedbackRecords(StoragePorts storage) {
    return new ListFeedbackRecords(storage);
  }

  @Singleton
  UpdateFeedbackRecord updateFeedbackRecord(StoragePorts storage, Clock clock) {
    return new UpdateFeedbackRecord(storage, clock);
  }

  @Singleton
  DeleteFeedbackRecord deleteFeedbackRecord(StoragePorts storage) {
    return new DeleteFeedbackRecord(storage);
  }

  @Singleton
  DeleteUserFeedbackRecords deleteUserFeedbackRecords(StoragePorts storage) {
    return new DeleteUserFeedbackRecords(storage);
  }

  @Singleton
  CreateWebhook createWebhook(StoragePorts storage, IdGenerator ids, Clock clock) {
    return new CreateWebhook(storage, ids, clock);
  }

  @Singleton
  GetWebhook getWebhook(StoragePorts storage) {
    return new GetWebhook(storage);
  }

  @Singleton
  ListWebhooks listWebhooks(StoragePorts storage) {
    return new ListWebhooks(storage);
  }

  @Singleton
  UpdateWebhook updateWebhook(StoragePorts storage, Clock clock) {
    return new UpdateWebhook(storage, clock);
  }

  @Singleton
  DeleteWebhook deleteWebhook(StoragePorts storage) {
    return new DeleteWebhook(storage);
  }
}
