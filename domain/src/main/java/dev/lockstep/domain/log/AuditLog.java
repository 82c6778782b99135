package dev.lockstep.domain.log;

import dev.lockstep.domain.TenantId;
import java.util.List;
import java.util.Map;

/**
 * The audit log. {@link #record} runs inside the unit of work of the change it describes, so a
 * rejected or rolled-back write leaves no event. Same sequence guarantees as {@link DeletionLog}.
 */
public interface AuditLog {

    /** Actions named in API.md. */
    String IDENTITY_CREATE = "identity.create";

    String IDENTITY_UPDATE = "identity.update";
    String IDENTITY_DELETE = "identity.delete";
    String STACK_ENV_UPDATE = "stack.env.update";
    String STACK_DELETE = "stack.delete";
    String TENANT_PURGE = "tenant.purge";
    String WEBHOOK_MOVE = "webhook.move";

    void record(TenantId tenant, String action, String resourceId, Map<String, Object> details);

    /** Events with {@code seq > afterSeq}, ascending, at most {@code limit}. */
    List<AuditEvent> after(TenantId tenant, long afterSeq, int limit);
}
