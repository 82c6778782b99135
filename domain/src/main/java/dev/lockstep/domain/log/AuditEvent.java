package dev.lockstep.domain.log;

import dev.lockstep.domain.TenantId;
import java.time.Instant;
import java.util.Map;

/**
 * One audited change. {@code details} holds JSON-shaped values (String, Number, Boolean, null,
 * List, Map) as normalized by {@link dev.lockstep.domain.json.JsonObject}.
 */
public record AuditEvent(
        long seq, TenantId tenantId, AuditAction action, String resourceId, Instant at, Map<String, Object> details) {
    public AuditEvent {
        details = details == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }
}
