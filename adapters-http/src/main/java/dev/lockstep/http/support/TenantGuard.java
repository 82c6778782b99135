package dev.lockstep.http.support;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteMatch;
import java.util.Optional;

/**
 * The one place tenant scope and admin rights are enforced, before any controller runs: a route
 * with a {@code {tenantId}} in its URI acts on that tenant only if the caller's key has it in scope
 * (400 when malformed, else 403 — whether or not the resource exists), and a route marked {@link
 * AdminOnly} needs an admin key (403). Controllers take the route's tenant as a {@code TenantId}
 * argument ({@link GuardedArgumentBinders}) and never check it themselves.
 */
@ServerFilter(
        ServerFilter.MATCH_ALL_PATTERN) // every route: one with a {tenantId} or @AdminOnly is guarded wherever it is
public final class TenantGuard implements Ordered {
    /** The URI variable every tenant-scoped route names its tenant with. */
    public static final String TENANT_VARIABLE = "tenantId";

    private final Problems problems;

    public TenantGuard(Problems problems) {
        this.problems = problems;
    }

    @RequestFilter
    public @Nullable HttpResponse<?> guard(HttpRequest<?> request) {
        Optional<RouteMatch<?>> route = RouteAttributes.getRouteMatch(request);
        if (route.isEmpty() || !(route.get() instanceof UriRouteMatch<?, ?> match)) {
            return null; // no route: the answer is a 404 or 405 anyway
        }
        AnnotationMetadata annotations = match.getAnnotationMetadata();
        boolean adminOnly = annotations.hasAnnotation(AdminOnly.class);
        Object tenantValue = match.getVariableValues().get(TENANT_VARIABLE);
        if (!adminOnly && tenantValue == null) {
            return null;
        }
        Optional<Caller> caller = request.getAttribute(ApiKeyFilter.CALLER, Caller.class);
        if (caller.isEmpty()) {
            // a guarded route exempted from the API key by mistake stays closed
            return problems.response(request, ErrorCode.UNAUTHORIZED, "missing API key");
        }
        try {
            if (adminOnly) {
                checkAdmin(
                        caller.get(),
                        annotations.booleanValue(AdminOnly.class, "allTenants").orElse(false));
            }
            if (tenantValue != null) {
                caller.get().tenantInScope(tenantValue.toString());
            }
            return null;
        } catch (HttpProblemException e) {
            return problems.response(request, e.code(), e.getMessage());
        } catch (DomainException e) {
            return problems.response(request, e.code(), e.getMessage(), e.errors());
        }
    }

    private static void checkAdmin(Caller caller, boolean allTenants) {
        if (!caller.admin()) {
            throw new HttpProblemException(HttpErrorCode.FORBIDDEN, "this route needs an admin API key");
        }
        if (allTenants && !caller.allTenants()) {
            throw new HttpProblemException(
                    HttpErrorCode.FORBIDDEN, "this route spans all tenants and needs an admin key with scope *");
        }
    }

    @Override
    public int getOrder() {
        // after the API key filter, which tells who is calling
        return HIGHEST_PRECEDENCE + 200;
    }
}
