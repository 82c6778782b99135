package dev.lockstep.http.archfixture;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * Deliberately breaks "every tenant route passes the tenant guard": the guard keys on
 * {@code {tenantId}}, and this route names its tenant {@code {tenant}}. Test-only.
 */
@Controller("/v1/tenants/{tenant}/escape")
public class TenantRouteNamedOtherwise {
    @Get
    public String open(String tenant) {
        return tenant;
    }
}
