package dev.lockstep.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One entry of a tenant's change feed (API.md "Change feed").
 *
 * @param seq its position; strictly increasing within the tenant's feed
 * @param kind {@code identity}, {@code ratelimit}, {@code session}, {@code feedback_record},
 *     {@code webhook}, {@code stack} or {@code tenant} (a purge)
 * @param id the row's id (a stack's slug; the tenant id for {@code tenant})
 * @param op {@link Op#UPSERT} or {@link Op#DELETE}
 * @param row the row as its GET route answers it, for an upsert; {@code null} for a delete
 */
public record Change(long seq, String kind, String id, Op op, JsonNode row) {
    public enum Op {
        UPSERT,
        DELETE
    }

    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(op, "op");
        if (op == Op.UPSERT && (row == null || !row.isObject())) {
            throw new IllegalArgumentException("an upsert carries its row as an object");
        }
        if (op == Op.DELETE) {
            row = null;
        }
    }
}
