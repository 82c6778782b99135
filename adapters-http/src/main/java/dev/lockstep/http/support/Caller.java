package dev.lockstep.http.support;

import dev.lockstep.domain.TenantId;
import java.util.Set;

/** Who is calling: the API key that authenticated the request, by name, with its scope. */
public record Caller(String keyName, boolean allTenants, Set<String> tenants, boolean admin) {
  public boolean mayActOn(TenantId tenant) {
    return allTenants || tenants.contains(tenant.value());
  }
}
