package dev.lockstep.http.support;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.TenantId;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * Authorization checks controllers make: a tenant in the caller's scope, admin-only routes. The
 * same 403 whether or not the resource exists, so scope never leaks existence.
 */
@Singleton
public final class Access {

  /** The caller the {@link ApiKeyFilter} authenticated. */
  public Caller caller(HttpRequest<?> request) {
    return request
        .getAttribute(ApiKeyFilter.CALLER, Caller.class)
        .orElseThrow(() -> new DomainException(ErrorCode.UNAUTHORIZED, "missing API key"));
  }

  /** Parses the tenant id (400 if malformed) and checks the caller may act on it (403). */
  public TenantId tenant(HttpRequest<?> request, String tenantId) {
    TenantId tenant = TenantId.of(tenantId);
    if (!caller(request).mayActOn(tenant)) {
      throw new DomainException(ErrorCode.FORBIDDEN, "this API key may not act on tenant " + tenant.value());
    }
    return tenant;
  }

  /** Admin-only routes: 403 for any other key. */
  public Caller admin(HttpRequest<?> request) {
    Caller caller = caller(request);
    if (!caller.admin()) {
      throw new DomainException(ErrorCode.FORBIDDEN, "this route needs an admin API key");
    }
    return caller;
  }
}
