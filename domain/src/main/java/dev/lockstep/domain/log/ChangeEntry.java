package dev.lockstep.domain.log;

import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.json.JsonObject;
import java.util.Objects;

/**
 * One entry of a tenant's change feed: a row created or updated ({@link ChangeOp#UPSERT}, with the row
 * as the kind's GET route answers it, rendered by {@link ChangeRows}) or removed ({@link
 * ChangeOp#DELETE}, no row; the same entry, with the same {@code seq}, as in the deletion log).
 * {@code seq} is on the one sequence of the tenant's deletion log and audit log.
 */
public record ChangeEntry(long seq, TenantId tenantId, DeletionKind kind, String id, ChangeOp op, JsonObject row) {
    public ChangeEntry {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(op, "op");
        if ((op == ChangeOp.UPSERT) != (row != null)) {
            throw new IllegalArgumentException("an upsert carries its row, a delete none");
        }
    }
}
