package dev.lockstep.http.support;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * A tenant route that escapes the guard on purpose (its tenant is {@code {tenant}}, not
 * {@code {tenantId}}), present only in the server {@link TenantRoutesPassTheGuardTest} starts to
 * prove the route-table check reports it.
 */
@Controller("/v1/tenants/{tenant}/escape-fixture")
@Requires(property = TenantRoutesPassTheGuardTest.ESCAPE_FIXTURE, value = "true")
public class EscapingTenantRouteFixture {
    @Get
    public String open(String tenant) {
        return "open to every key, tenant " + tenant;
    }
}
