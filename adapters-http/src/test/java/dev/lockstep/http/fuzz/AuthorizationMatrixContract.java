package dev.lockstep.http.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.support.AdminOnly;
import dev.lockstep.http.testing.TestServer;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.http.HttpMethod;
import io.micronaut.json.JsonMapper;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteMatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * API.md "Authentication" over every operation of the OpenAPI document the server serves: no or an
 * unknown key → 401 {@code unauthorized}; a key scoped to another tenant on a {@code {tenantId}}
 * route → 403 {@code forbidden}; a non-admin key on an admin route → 403 {@code forbidden} (and a
 * tenant-scoped admin key on a route that spans all tenants); the right key is never refused; an
 * operation the document marks as needing no key answers the same with or without one.
 *
 * <p>Which operations are admin is read from the route the server runs for each operation (its
 * {@link AdminOnly}), so no list is kept here; an operation this matrix cannot place (it needs a key
 * but is neither tenant-scoped nor admin, it has no route, or the document and the route disagree)
 * fails the test until someone decides what it is.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuthorizationMatrixContract {
    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final String TENANT = "matrix";
    private static final String IN_SCOPE = "in-scope-" + UUID.randomUUID();
    private static final String OTHER_TENANT = "other-tenant-" + UUID.randomUUID();
    private static final String OTHER_TENANT_ADMIN = "other-tenant-admin-" + UUID.randomUUID();
    private static final String READER_ALL = "reader-all-" + UUID.randomUUID();
    private static final String TENANT_ADMIN = "tenant-admin-" + UUID.randomUUID();

    private TestServer server;
    private ServedDocument document;
    private int port;

    abstract TestServer.Storage storage();

    @BeforeAll
    void start() {
        Map<String, Object> props = new HashMap<>();
        props.putAll(TestServer.apiKey(0, "in-scope", IN_SCOPE, List.of(TENANT), false));
        props.putAll(TestServer.apiKey(1, "other-tenant", OTHER_TENANT, List.of("elsewhere"), false));
        props.putAll(TestServer.apiKey(2, "other-tenant-admin", OTHER_TENANT_ADMIN, List.of("elsewhere"), true));
        props.putAll(TestServer.apiKey(3, "reader-all", READER_ALL, List.of("*"), false));
        props.putAll(TestServer.apiKey(4, "tenant-admin", TENANT_ADMIN, List.of(TENANT), true));
        props.put("lockstep.idp.webhook-secret", "matrix-secret");
        // a route outside the document whose tenant is not {tenantId}: the classifier must refuse it
        props.put("lockstep.test.escaping-route-fixture", "true");
        server = TestServer.start(storage(), props);
        port = Integer.parseInt(server.baseUrl().substring(server.baseUrl().lastIndexOf(':') + 1));
        document = ServedDocument.fetch(port);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** How the server guards one operation. */
    private record Guard(boolean secured, boolean tenantScoped, boolean admin, boolean allTenants) {}

    @Test
    void everyOperationOfTheServedDocumentRefusesTheWrongKeysWithTheirProblemCodes() {
        List<String> unclassifiable = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<String, Integer> casesByKind = new LinkedHashMap<>();
        int checks = 0;
        for (ServedDocument.Operation op : document.operations()) {
            String path = concretePath(op);
            Guard guard;
            try {
                guard = guard(op, path);
            } catch (IllegalStateException e) {
                unclassifiable.add(op + ": " + e.getMessage());
                continue;
            }
            List<Case> cases = cases(guard);
            for (Case c : cases) {
                checks++;
                casesByKind.merge(c.name(), 1, Integer::sum);
                RawHttp.Response r = send(op, path, c.key(), c.authorization());
                String verdict = c.expectation().check(r);
                if (verdict != null) {
                    failures.add(op + " [" + c.name() + "]: " + verdict + " -> " + r);
                }
            }
            if (!guard.secured()) {
                // the key plays no part: the same answer with and without one
                int withoutKey = send(op, path, null, null).status();
                int withAdmin = send(op, path, server.adminKey(), null).status();
                int withOther = send(op, path, OTHER_TENANT, null).status();
                checks += 3;
                casesByKind.merge("keyless: same answer with any key", 3, Integer::sum);
                if (withoutKey != withAdmin || withoutKey != withOther) {
                    failures.add(op + " [keyless]: " + withoutKey + " without a key, " + withAdmin
                            + " with the admin key, " + withOther + " with another tenant's key");
                }
            }
        }
        System.out.printf(
                "Authorization matrix on %s: %d operations, %d checks %s%n",
                storage(), document.operations().size(), checks, casesByKind);
        assertThat(unclassifiable)
                .as("operations of the served document this matrix cannot classify")
                .isEmpty();
        assertThat(failures).as("authorization answers against API.md").isEmpty();
        assertThat(checks).isGreaterThan(document.operations().size() * 3);
    }

    @Test
    void anOperationTheMatrixCannotPlaceIsReportedNotSkipped() {
        ServedDocument.Operation escaping = new ServedDocument.Operation(
                "GET", "/v1/tenants/{tenant}/escape-fixture", "escape", List.of(), true, null, Set.of());
        ServedDocument.Operation routeless = new ServedDocument.Operation(
                "GET", "/v1/tenants/{tenantId}/nowhere", "nowhere", List.of(), true, null, Set.of());
        ServedDocument.Operation keylessButGuarded = new ServedDocument.Operation(
                "DELETE", "/v1/tenants/{tenantId}/data", "purge", List.of(), false, null, Set.of());
        assertThat(classificationProblem(escaping)).contains("neither tenant-scoped nor admin");
        assertThat(classificationProblem(routeless)).contains("no route");
        assertThat(classificationProblem(keylessButGuarded)).contains("needs no key");
    }

    private String classificationProblem(ServedDocument.Operation op) {
        try {
            return "classified as "
                    + guard(op, op.path().replace("{tenantId}", TENANT).replace("{tenant}", TENANT));
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    /**
     * The guard of an operation: whether the document says it needs a key, whether its path names a
     * tenant, and the {@link AdminOnly} of the route the server matches for it.
     */
    private Guard guard(ServedDocument.Operation op, String path) {
        List<UriRouteMatch<Object, Object>> matches = server.context()
                .getBean(Router.class)
                .<Object, Object>find(HttpMethod.parse(op.method()), path, null)
                .toList();
        if (matches.isEmpty()) {
            throw new IllegalStateException("the server has no route for it");
        }
        Set<String> admin =
                matches.stream().map(m -> adminMark(m.getAnnotationMetadata())).collect(Collectors.toSet());
        if (admin.size() != 1) {
            throw new IllegalStateException("its routes disagree on being admin: " + matches);
        }
        String mark = admin.iterator().next();
        boolean isAdmin = !mark.equals("no");
        boolean tenantScoped = op.path().contains("{tenantId}");
        if (op.secured() && !tenantScoped && !isAdmin) {
            throw new IllegalStateException(
                    "it needs a key but is neither tenant-scoped nor admin: say in API.md who may call it");
        }
        if (!op.secured() && (tenantScoped || isAdmin)) {
            throw new IllegalStateException("the document says it needs no key, but its route is guarded");
        }
        return new Guard(op.secured(), tenantScoped, isAdmin, mark.equals("all tenants"));
    }

    private static String adminMark(AnnotationMetadata annotations) {
        if (!annotations.hasAnnotation(AdminOnly.class)) {
            return "no";
        }
        return annotations.booleanValue(AdminOnly.class, "allTenants").orElse(false) ? "all tenants" : "admin";
    }

    /** What one case expects of the answer. */
    private interface Expectation {
        /** Null when the answer is right, else what is wrong. */
        String check(RawHttp.Response r);
    }

    private record Case(String name, String key, String authorization, Expectation expectation) {}

    private static Expectation problem(int status, String code) {
        return r -> {
            if (r.status() != status) {
                return "expected " + status + " " + code;
            }
            String type = r.header("content-type");
            if (type == null || !type.startsWith("application/problem+json")) {
                return "expected application/problem+json";
            }
            try {
                Map<?, ?> body = (Map<?, ?>) JSON.readValue(r.body().getBytes(StandardCharsets.UTF_8), Object.class);
                return code.equals(body.get("code")) ? null : "expected code " + code;
            } catch (IOException | ClassCastException e) {
                return "expected a problem body";
            }
        };
    }

    private static Expectation notRefused() {
        return r -> r.status() == 401 || r.status() == 403 || r.status() >= 500 ? "the right key was refused" : null;
    }

    private List<Case> cases(Guard g) {
        List<Case> cases = new ArrayList<>();
        if (!g.secured()) {
            return cases;
        }
        cases.add(new Case("no key", null, null, problem(401, "unauthorized")));
        cases.add(new Case("unknown key", "unknown-" + UUID.randomUUID(), null, problem(401, "unauthorized")));
        cases.add(new Case("Basic credentials", null, "Basic YWRtaW46YWRtaW4=", problem(401, "unauthorized")));
        cases.add(new Case("empty bearer", null, "Bearer ", problem(401, "unauthorized")));
        if (g.tenantScoped()) {
            cases.add(new Case("key of another tenant", OTHER_TENANT, null, problem(403, "forbidden")));
            cases.add(new Case("admin key of another tenant", OTHER_TENANT_ADMIN, null, problem(403, "forbidden")));
        }
        if (g.admin()) {
            cases.add(new Case("non-admin key of every tenant", READER_ALL, null, problem(403, "forbidden")));
            if (g.tenantScoped()) {
                cases.add(new Case("non-admin key of the tenant", IN_SCOPE, null, problem(403, "forbidden")));
            }
            if (g.allTenants()) {
                cases.add(new Case("admin key of one tenant", TENANT_ADMIN, null, problem(403, "forbidden")));
            } else if (g.tenantScoped()) {
                cases.add(new Case("admin key of the tenant", TENANT_ADMIN, null, notRefused()));
            }
        } else {
            cases.add(new Case("non-admin key of every tenant", READER_ALL, null, notRefused()));
            if (g.tenantScoped()) {
                cases.add(new Case("non-admin key of the tenant", IN_SCOPE, null, notRefused()));
            }
        }
        cases.add(new Case("admin key of every tenant", server.adminKey(), null, notRefused()));
        return cases;
    }

    /** The operation's path with its tenant and made-up ids (a 403 must not depend on existence). */
    private static String concretePath(ServedDocument.Operation op) {
        String path = op.path().replace("{tenantId}", TENANT);
        for (ServedDocument.Param p : op.params("path")) {
            path = path.replace("{" + p.name() + "}", "matrix-" + p.name());
        }
        return path;
    }

    private RawHttp.Response send(ServedDocument.Operation op, String path, String key, String authorization) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (authorization != null) {
            headers.put("Authorization", authorization);
        } else if (key != null) {
            headers.put("Authorization", "Bearer " + key);
        }
        byte[] body = null;
        if (op.hasBody()) {
            body = JsonTree.write(op.exampleBody()).getBytes(StandardCharsets.UTF_8);
            headers.put("Content-Type", "application/json");
        }
        try {
            return RawHttp.send(port, new RawHttp.Request(op.method(), path, headers, body));
        } catch (IOException e) {
            throw new IllegalStateException(op + " got no answer", e);
        }
    }
}
