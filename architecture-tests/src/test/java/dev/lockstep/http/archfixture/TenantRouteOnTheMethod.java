package dev.lockstep.http.archfixture;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;

/** Deliberately breaks the tenant guard rule with the path on the method. Test-only. */
@Controller("/v1")
public class TenantRouteOnTheMethod {
    @Delete("/tenants/{id}/data")
    public void purgeUnguarded(String id) {}
}
