package dev.lockstep.http.support;

import dev.lockstep.domain.TenantId;
import java.util.Set;

/** Who is calling: the API key that authenticated the request, by name, with its scope. */
public record Caller(String keyName, boolean allTenants, Set<String> tenants, boolean admin) {
    public boolean mayActOn(TenantId tenant) {
        return allTenants || tenants.contains(tenant.value());
    }

    /**
     * The tenant {@code tenantId} names, if this key may act on it: 400 when malformed, then 403
     * outside the scope, the same whether or not anything exists in that tenant. {@link RequestGuard}
     * applies it to every route's {@code {tenantId}}; a body that names a second tenant (a webhook
     * move) passes it through here too.
     */
    public TenantId tenantInScope(String tenantId) {
        TenantId tenant = TenantId.of(tenantId);
        if (!mayActOn(tenant)) {
            throw new HttpProblemException(
                    HttpErrorCode.FORBIDDEN, "this API key may not act on tenant " + tenant.value());
        }
        return tenant;
    }
}
