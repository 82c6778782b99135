package dev.lockstep.http.support;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.management.health.indicator.HealthResult;
import java.security.Principal;
import java.util.Map;

/**
 * {@code /health} needs no key and then answers only {@code {"status": …}}; with an admin key it
 * also shows its components (API.md "Operations"). Micronaut shows details to an authenticated
 * request ({@code endpoints.health.details-visible: AUTHENTICATED}), so an admin key is made the
 * request's principal here; any other key, or none, changes nothing.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN) // /health and /health/** itself, see FilterPaths
public final class HealthDetailsFilter implements Ordered {
    private final ApiKeys keys;

    public HealthDetailsFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @RequestFilter
    public @Nullable HttpResponse<?> admitAdmin(HttpRequest<?> request) {
        if (!FilterPaths.under(request.getPath(), "health")) {
            return null;
        }
        String header = request.getHeaders().get("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7) {
            keys.authenticate(header.substring(7).trim())
                    .filter(Caller::admin)
                    .ifPresent(caller -> request.setAttribute(HttpAttributes.PRINCIPAL, (Principal) caller::keyName));
        }
        return null;
    }

    /**
     * The server writes nulls ({@code "details": null}: the contract keeps {@code null} members), so
     * an anonymous answer is cut down to the status itself.
     */
    @ResponseFilter
    public void onlyStatusWithoutAdmin(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (FilterPaths.under(request.getPath(), "health")
                && request.getUserPrincipal().isEmpty()
                && response.getBody().orElse(null) instanceof HealthResult result) {
            response.body(Map.of("status", result.getStatus().getName()));
        }
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 100;
    }
}
