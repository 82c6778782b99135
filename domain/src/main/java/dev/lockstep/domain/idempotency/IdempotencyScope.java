package dev.lockstep.domain.idempotency;

import dev.lockstep.domain.TenantId;
import java.util.Objects;

/**
 * Where one {@link IdempotencyKey} is unique: the tenant, the caller (the API key's name) and the
 * key. The same key sent by another API key or to another tenant is another request.
 */
public record IdempotencyScope(TenantId tenant, String caller, IdempotencyKey key) {
    public IdempotencyScope {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(key, "key");
    }

    /**
     * One string naming the scope unambiguously (every part prefixed by its length), for a lock key:
     * {@code idempotency|<len>:<tenant>|<len>:<caller>|<len>:<key>}.
     */
    public String lockName() {
        return "idempotency|" + part(tenant.value()) + "|" + part(caller) + "|" + part(key.value());
    }

    private static String part(String s) {
        return s.length() + ":" + s;
    }
}
