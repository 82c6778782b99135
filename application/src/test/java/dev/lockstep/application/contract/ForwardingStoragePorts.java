package dev.lockstep.application.contract;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.domain.feedback.FeedbackRecordStore;
import dev.lockstep.domain.identity.IdentityStore;
import dev.lockstep.domain.identity.SessionStore;
import dev.lockstep.domain.log.AuditLog;
import dev.lockstep.domain.log.DeletionLog;
import dev.lockstep.domain.org.OrganizationStore;
import dev.lockstep.domain.stack.StackStore;
import dev.lockstep.domain.tenant.TenantOwnedStore;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import dev.lockstep.domain.webhook.WebhookStore;
import java.util.List;

/** A storage that forwards everything; tests override one port to inject a hook into a race. */
public class ForwardingStoragePorts implements StoragePorts {
  private final StoragePorts delegate;

  public ForwardingStoragePorts(StoragePorts delegate) {
    this.delegate = delegate;
  }

  @Override
  public TenantWriteLocks tenantWriteLocks() {
    return delegate.tenantWriteLocks();
  }

  @Override
  public DeletionLog deletionLog() {
    return delegate.deletionLog();
  }

  @Override
  public AuditLog auditLog() {
    return delegate.auditLog();
  }

  @Override
  public IdentityStore identities() {
    return delegate.identities();
  }

  @Override
  public SessionStore sessions() {
    return delegate.sessions();
  }

  @Override
  public FeedbackRecordStore feedbackRecords() {
    return delegate.feedbackRecords();
  }

  @Override
  public WebhookStore webhooks() {
    return delegate.webhooks();
  }

  @Override
  public StackStore stacks() {
    return delegate.stacks();
  }

  @Override
  public OrganizationStore organizations() {
    return delegate.organizations();
  }

  @Override
  public List<TenantOwnedStore> tenantOwnedStores() {
    return delegate.tenantOwnedStores();
  }
}
