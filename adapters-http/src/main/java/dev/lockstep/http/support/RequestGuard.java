package dev.lockstep.http.support;

import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.ErrorCode;
import dev.lockstep.domain.FieldError;
import dev.lockstep.domain.TenantId;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.convert.ConversionContext;
import io.micronaut.core.convert.TypeConverter;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.bind.binders.PostponedRequestArgumentBinder;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteMatch;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;

/**
 * The one filter every request passes before its route runs (Micronaut calls it for every request,
 * no code calls it: a request's walk starts here). It checks, in this order:
 *
 * <ol>
 *   <li>who calls: every {@code /v1/**} route needs {@code Authorization: Bearer <api key>} (401
 *       without a known one), except the two whose credential is something else, {@code POST
 *       /v1/idp/events} (signed by the IdP) and {@code POST /v1/sessions/sign-out} (the refresh
 *       token); the key's {@link Caller} is kept on the request;
 *   <li>that the path and the query are text the API can store ({@link StorableRequestText}, 400):
 *       after the key, so an unauthenticated caller learns nothing more;
 *   <li>that the caller may act on the route: a route with a {@code {tenantId}} in its URI acts on
 *       that tenant only if the key has it in scope (400 when malformed, else 403, whether or not
 *       the resource exists), and a route marked {@link AdminOnly} needs an admin key (403).
 * </ol>
 *
 * <p>Controllers take what it established as arguments instead of checking it themselves: the
 * route's tenant as a {@link TenantId} ({@link TenantIdFromPath}) and the {@link Caller} ({@link
 * AuthenticatedCaller}). The route-table test {@code TenantRoutesPassTheGuardTest} fails when a
 * {@code /v1/tenants/**} route escapes this guard.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN) // every route, see FilterPaths
public final class RequestGuard implements Ordered {
    /** The URI variable every tenant-scoped route names its tenant with. */
    public static final String TENANT_VARIABLE = "tenantId";

    static final String CALLER = "lockstep.caller";

    private final ApiKeys keys;
    private final Problems problems;

    public RequestGuard(ApiKeys keys, Problems problems) {
        this.keys = keys;
        this.problems = problems;
    }

    @RequestFilter
    public @Nullable HttpResponse<?> check(HttpRequest<?> request) {
        if (FilterPaths.under(request.getPath(), "v1") && !isPublic(request)) {
            HttpResponse<?> unauthorized = authenticate(request);
            if (unauthorized != null) {
                return unauthorized;
            }
        }
        Optional<FieldError> unstorable = StorableRequestText.problem(request);
        if (unstorable.isPresent()) {
            FieldError e = unstorable.get();
            return problems.response(request, ErrorCode.VALIDATION_FAILED, e.field() + ": " + e.message(), List.of(e));
        }
        return guardRoute(request);
    }

    private static boolean isPublic(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.POST) {
            return false;
        }
        String path = request.getPath();
        return path.equals("/v1/idp/events") || path.equals("/v1/sessions/sign-out");
    }

    private @Nullable HttpResponse<?> authenticate(HttpRequest<?> request) {
        String header = request.getHeaders().get("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return problems.response(
                    request, ErrorCode.UNAUTHORIZED, "missing API key: send Authorization: Bearer <api key>");
        }
        Optional<Caller> caller = keys.authenticate(header.substring(7).trim());
        if (caller.isEmpty()) {
            return problems.response(request, ErrorCode.UNAUTHORIZED, "unknown API key");
        }
        request.setAttribute(CALLER, caller.get());
        return null;
    }

    private @Nullable HttpResponse<?> guardRoute(HttpRequest<?> request) {
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
        Optional<Caller> caller = request.getAttribute(CALLER, Caller.class);
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
        // right after the request id, which every answer, a refusal too, carries
        return HIGHEST_PRECEDENCE + 100;
    }

    /**
     * A controller's {@code TenantId tenantId} argument: the path's tenant id as a value (Micronaut
     * converts it; the guard above has answered 403 if the key may not act on it); a malformed one is
     * the usual 400 with a field error.
     */
    @Singleton
    static final class TenantIdFromPath implements TypeConverter<String, TenantId> {
        @Override
        public Optional<TenantId> convert(String value, Class<TenantId> targetType, ConversionContext context) {
            try {
                return Optional.of(TenantId.of(value));
            } catch (DomainException e) {
                context.reject(value, e);
                return Optional.empty();
            }
        }
    }

    /**
     * A controller's {@code Caller} argument: the key the guard authenticated. Binds after the filters
     * ({@link PostponedRequestArgumentBinder}): before them no caller is known.
     */
    @Singleton
    static final class AuthenticatedCaller
            implements TypedRequestArgumentBinder<Caller>, PostponedRequestArgumentBinder<Caller> {
        @Override
        public Argument<Caller> argumentType() {
            return Argument.of(Caller.class);
        }

        @Override
        public BindingResult<Caller> bind(ArgumentConversionContext<Caller> context, HttpRequest<?> request) {
            Optional<Caller> caller = request.getAttribute(CALLER, Caller.class);
            return caller.isPresent() ? () -> caller : BindingResult.unsatisfied();
        }
    }
}
