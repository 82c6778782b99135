package dev.lockstep.http.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.testing.TestServer;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The route table of the running server, route by route: every {@code /v1/tenants/**} route answers
 * 403 to a key whose scope lacks the path's tenant, and the admin routes are exactly the ones API.md
 * lists, each refusing a non-admin key. A new route that escapes the tenant guard fails here the day
 * it is added; {@link #aRouteThatEscapesTheGuardIsReported} proves the check can fail.
 */
class TenantRoutesPassTheGuardTest {
    static final String ESCAPE_FIXTURE = "lockstep.test.escaping-route-fixture";
    private static final String SCOPED_KEY = "acme-only-" + System.nanoTime();
    private static final String OUTSIDE_SCOPE = "outside-" + System.nanoTime();

    private static Map<String, Object> scopedKey(Map<String, Object> extra) {
        Map<String, Object> props =
                new HashMap<>(TestServer.apiKey(0, "acme-only", SCOPED_KEY, List.of("acme"), false));
        props.putAll(extra);
        return props;
    }

    private static List<UriRouteInfo<?, ?>> routes(TestServer server) {
        return server.context().getBean(Router.class).uriRoutes().toList();
    }

    private static String template(UriRouteInfo<?, ?> route) {
        String template = route.getUriMatchTemplate().toString();
        int query = template.indexOf("{?");
        return query < 0 ? template : template.substring(0, query);
    }

    /** The path of a route with every variable filled in; {@code tenant} for {@code {tenantId}}. */
    private static String path(String template, String tenant) {
        return template.replace("{tenantId}", tenant).replaceAll("\\{[^}]+}", "x");
    }

    /** Each tenant route a key scoped to another tenant is not refused on, as "METHOD template: answer". */
    static Set<String> escapes(TestServer server) {
        Set<String> escapes = new TreeSet<>();
        for (UriRouteInfo<?, ?> route : routes(server)) {
            String template = template(route);
            if (!template.startsWith("/v1/tenants/")) {
                continue;
            }
            String method = route.getHttpMethodName();
            TestServer.Response answer = server.send(method, path(template, OUTSIDE_SCOPE), "{}", SCOPED_KEY);
            boolean refused = answer.status() == 403
                    && (method.equals("HEAD") || answer.body().contains("\"code\":\"forbidden\""));
            if (!refused) {
                escapes.add(method + " " + template + ": " + answer.status());
            }
        }
        return escapes;
    }

    @Test
    void everyTenantRouteRefusesAKeyOutsideItsScope() {
        try (TestServer server = TestServer.start(TestServer.Storage.MEMORY, scopedKey(Map.of()))) {
            assertThat(routes(server).stream().map(TenantRoutesPassTheGuardTest::template))
                    .as("the check sees the tenant routes")
                    .contains("/v1/tenants/{tenantId}/stacks/{slug}/env", "/v1/tenants/{tenantId}/data");
            assertThat(escapes(server)).isEmpty();
        }
    }

    @Test
    void adminRoutesAreTheOnesApiMdListsAndRefuseANonAdminKey() {
        try (TestServer server = TestServer.start(TestServer.Storage.MEMORY, scopedKey(Map.of()))) {
            Set<String> admin = new TreeSet<>();
            for (UriRouteInfo<?, ?> route : routes(server)) {
                if (!route.getAnnotationMetadata().hasAnnotation(AdminOnly.class)) {
                    continue;
                }
                String template = template(route);
                admin.add(route.getHttpMethodName() + " " + template);
                // a tenant in the key's scope: only the admin mark can refuse it
                TestServer.Response answer =
                        server.send(route.getHttpMethodName(), path(template, "acme"), null, SCOPED_KEY);
                assertThat(answer.status())
                        .as(route.getHttpMethodName() + " " + template)
                        .isEqualTo(403);
            }
            assertThat(admin)
                    .containsExactlyInAnyOrder(
                            "DELETE /v1/tenants/{tenantId}/data",
                            "DELETE /v1/users/{userId}/feedback-records",
                            "GET /v1/organizations",
                            "GET /v1/organizations/{id}",
                            // Micronaut answers HEAD on every GET route, through the same guard
                            "HEAD /v1/organizations",
                            "HEAD /v1/organizations/{id}");
        }
    }

    @Test
    void aRouteThatEscapesTheGuardIsReported() {
        try (TestServer server =
                TestServer.start(TestServer.Storage.MEMORY, scopedKey(Map.of(ESCAPE_FIXTURE, "true")))) {
            assertThat(escapes(server))
                    .containsExactly(
                            "GET /v1/tenants/{tenant}/escape-fixture: 200",
                            "HEAD /v1/tenants/{tenant}/escape-fixture: 200");
        }
    }
}
