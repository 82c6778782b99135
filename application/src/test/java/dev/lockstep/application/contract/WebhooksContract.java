package dev.lockstep.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.webhook.DeleteWebhook;
import dev.lockstep.application.webhook.GetWebhook;
import dev.lockstep.application.webhook.ListWebhooks;
import dev.lockstep.application.webhook.UpdateWebhook;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.PageRequest;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.AuditEvent;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.webhook.EventTypes;
import dev.lockstep.domain.webhook.Webhook;
import dev.lockstep.domain.webhook.WebhookChange;
import dev.lockstep.domain.webhook.WebhookUrl;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Webhooks on one storage adapter: CRUD, tenant scoping, the deletion log, and the move. */
public abstract class WebhooksContract extends TenantDataContractSupport {

    @Test
    void aCreatedWebhookReadsBackEqualAndAPatchChangesOnlyTheGivenFields() {
        TenantId tenant = newTenant();
        Webhook created = createWebhook(storage, tenant);
        assertThat(new GetWebhook(storage.webhookQueries()).get(tenant, created.id()))
                .isEqualTo(created);

        Webhook patched = new UpdateWebhook(storage.tenantWriteLocks(), CLOCK)
                .update(tenant, created.id(), new WebhookChange(null, EventTypes.of(List.of("a", "b")), false, null));
        assertThat(patched.url()).isEqualTo(created.url());
        assertThat(patched.eventTypes().values()).containsExactly("a", "b");
        assertThat(patched.enabled()).isFalse();
        assertThat(patched.createdAt()).isEqualTo(created.createdAt());
        assertThat(new GetWebhook(storage.webhookQueries()).get(tenant, created.id()))
                .isEqualTo(patched);

        Webhook renamed = new UpdateWebhook(storage.tenantWriteLocks(), CLOCK)
                .update(
                        tenant,
                        created.id(),
                        new WebhookChange(WebhookUrl.of("http://other.example/x"), null, null, tenant));
        assertThat(renamed.url().value()).isEqualTo("http://other.example/x");
        assertThat(renamed.eventTypes()).isEqualTo(patched.eventTypes());
        assertThat(storage.changeLogQueries().auditEventsAfter(tenant, 0, 10))
                .as("naming the own tenant is no move")
                .isEmpty();
    }

    @Test
    void listsInIdOrderWithACursor() {
        TenantId tenant = newTenant();
        Webhook w1 = createWebhook(storage, tenant);
        Webhook w2 = createWebhook(storage, tenant);
        Webhook w3 = createWebhook(storage, tenant);
        var first = new ListWebhooks(storage.webhookQueries()).list(tenant, new PageRequest(2, null));
        assertThat(first.items()).containsExactly(w1, w2);
        assertThat(new ListWebhooks(storage.webhookQueries())
                        .list(tenant, new PageRequest(2, first.nextCursor()))
                        .items())
                .containsExactly(w3);
    }

    @Test
    void mutationsByIdAreScopedToTheTenant() {
        TenantId owner = newTenant();
        TenantId other = newTenant();
        Webhook w = createWebhook(storage, owner);
        assertCode(ErrorCode.NOT_FOUND, () -> new GetWebhook(storage.webhookQueries()).get(other, w.id()));
        assertCode(ErrorCode.NOT_FOUND, () -> new UpdateWebhook(storage.tenantWriteLocks(), CLOCK)
                .update(other, w.id(), new WebhookChange(null, null, false, null)));
        assertCode(ErrorCode.NOT_FOUND, () -> new UpdateWebhook(storage.tenantWriteLocks(), CLOCK)
                .update(other, w.id(), new WebhookChange(null, null, null, newTenant())));
        assertCode(ErrorCode.NOT_FOUND, () -> new DeleteWebhook(storage.tenantWriteLocks()).delete(other, w.id()));
        assertThat(new GetWebhook(storage.webhookQueries()).get(owner, w.id())).isEqualTo(w);
        assertThat(storage.changeLogQueries().auditEventsAfter(other, 0, 10))
                .as("a rejected move leaves no audit event")
                .isEmpty();
    }

    @Test
    void aDeleteRecordsOneDeletionLogEntry() {
        TenantId tenant = newTenant();
        Webhook w = createWebhook(storage, tenant);
        new DeleteWebhook(storage.tenantWriteLocks()).delete(tenant, w.id());
        assertCode(ErrorCode.NOT_FOUND, () -> new DeleteWebhook(storage.tenantWriteLocks()).delete(tenant, w.id()));
        assertThat(allDeletions(storage, tenant)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(DeletionKind.WEBHOOK);
            assertThat(e.id()).isEqualTo(w.id().toString());
        });
    }

    @Test
    void aMoveReHomesTheWebhookAndAuditsItInBothTenants() {
        TenantId from = newTenant();
        TenantId to = newTenant();
        Webhook w = createWebhook(storage, from);

        Webhook moved = new UpdateWebhook(storage.tenantWriteLocks(), CLOCK)
                .update(from, w.id(), new WebhookChange(null, null, false, to));

        assertThat(moved.tenantId()).isEqualTo(to);
        assertThat(moved.enabled()).isFalse();
        assertCode(ErrorCode.NOT_FOUND, () -> new GetWebhook(storage.webhookQueries()).get(from, w.id()));
        assertThat(new GetWebhook(storage.webhookQueries()).get(to, w.id())).isEqualTo(moved);
        assertThat(new ListWebhooks(storage.webhookQueries())
                        .list(from, PageRequest.first(10))
                        .items())
                .isEmpty();
        for (TenantId t : List.of(from, to)) {
            List<AuditEvent> audit = storage.changeLogQueries().auditEventsAfter(t, 0, 10);
            assertThat(audit).singleElement().satisfies(e -> {
                assertThat(e.action()).isEqualTo(AuditAction.WEBHOOK_MOVE);
                assertThat(e.resourceId()).isEqualTo(w.id().toString());
                assertThat(e.details()).isEqualTo(Map.of("fromTenantId", from.value(), "toTenantId", to.value()));
            });
        }
        assertThat(allDeletions(storage, from)).as("a move removes nothing").isEmpty();
    }
}
