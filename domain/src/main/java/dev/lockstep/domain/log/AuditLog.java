package dev.lockstep.domain.log;

import dev.lockstep.domain.TenantId;
import java.util.Map;

/**
 * The audit log, written in the unit of work of the change it describes ({@link
 * dev.lockstep.domain.tenant.TenantUnit}), so a rejected or rolled-back write leaves no event. Same
 * sequence guarantees as {@link DeletionLog}; read through {@link ChangeLogQueries}.
 */
public interface AuditLog {

    void record(TenantId tenant, AuditAction action, String resourceId, Map<String, Object> details);
}
