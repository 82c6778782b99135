package dev.lockstep.http.support;

import dev.lockstep.domain.ErrorCode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Optional;

/**
 * Every {@code /v1/**} route needs {@code Authorization: Bearer <api key>}, except the two whose
 * credential is something else: {@code POST /v1/idp/events} (signed by the IdP) and
 * {@code POST /v1/sessions/sign-out} (the refresh token).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN) // /v1/** itself, see FilterPaths
public final class ApiKeyFilter implements Ordered {
    static final String CALLER = "lockstep.caller";

    private final ApiKeys keys;
    private final Problems problems;

    public ApiKeyFilter(ApiKeys keys, Problems problems) {
        this.keys = keys;
        this.problems = problems;
    }

    @RequestFilter
    public @Nullable HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (!FilterPaths.under(request.getPath(), "v1") || isExempt(request)) {
            return null;
        }
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

    static boolean isExempt(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.POST) {
            return false;
        }
        String path = request.getPath();
        return path.equals("/v1/idp/events") || path.equals("/v1/sessions/sign-out");
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 100;
    }
}
