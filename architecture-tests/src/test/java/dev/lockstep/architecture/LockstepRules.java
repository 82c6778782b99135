package dev.lockstep.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Optional;

/**
 * The dependency table of ARCHITECTURE.md as ArchUnit rules. The same rule objects are checked
 * against the production classes ({@link ArchitectureTest}) and against deliberately violating
 * fixtures ({@link RulesCatchViolationsTest}), which proves each rule can fail.
 */
final class LockstepRules {
    private LockstepRules() {}

    static final String DOMAIN = "dev.lockstep.domain..";
    static final String APPLICATION = "dev.lockstep.application..";
    static final String HTTP = "dev.lockstep.http..";
    static final String POSTGRES = "dev.lockstep.postgres..";
    static final String INMEMORY = "dev.lockstep.inmemory..";

    /** The hexagon: domain in the middle, application around it, adapters outside, never using each other. */
    static final ArchRule HEXAGON = onionArchitecture()
            .domainModels(DOMAIN)
            .applicationServices(APPLICATION)
            .adapter("http", HTTP)
            .adapter("postgres", POSTGRES)
            .adapter("inmemory", INMEMORY)
            .withOptionalLayers(true)
            .because("ARCHITECTURE.md: one module per ring; adapters never see each other");

    static final ArchRule DOMAIN_USES_THE_JDK_ONLY = classes()
            .that()
            .resideInAPackage(DOMAIN)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", DOMAIN)
            .because("domain is a library other teams put on their test classpath: no framework, no JDBC, no Jackson");

    static final ArchRule NO_FRAMEWORK_IN_DOMAIN = noClasses()
            .that()
            .resideInAPackage(DOMAIN)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.micronaut..", "jakarta..", "javax..", "java.sql..", "com.fasterxml..", "org.postgresql..")
            .because("no Micronaut/Jakarta/JDBC/Jackson in domain");

    static final ArchRule APPLICATION_SEES_DOMAIN_INJECT_AND_IDS_ONLY = classes()
            .that()
            .resideInAPackage(APPLICATION)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", DOMAIN, APPLICATION, "jakarta.inject..", "com.github.f4b6a3.uuid..")
            .because("application orchestrates ports; no Micronaut runtime, JDBC, HTTP or adapters");

    static final ArchRule HTTP_SEES_NO_STORAGE_CLASS = noClasses()
            .that()
            .resideInAPackage(HTTP)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    POSTGRES,
                    INMEMORY,
                    "java.sql..",
                    "javax.sql..",
                    "org.postgresql..",
                    "org.flywaydb..",
                    "com.zaxxer..")
            .because("the storage adapters are runtime-only dependencies of adapters-http");

    static final ArchRule INMEMORY_SEES_NO_POSTGRES_OR_HTTP = noClasses()
            .that()
            .resideInAPackage(INMEMORY)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.postgresql..", "com.zaxxer..", "io.micronaut.http..", HTTP, POSTGRES)
            .because("the in-memory adapter is plain Java over embedded H2, usable without a database server"
                    + " or an HTTP server");

    static final ArchRule POSTGRES_SEES_NO_HTTP = noClasses()
            .that()
            .resideInAPackage(POSTGRES)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.micronaut.http..", HTTP, INMEMORY)
            .because("the PostgreSQL adapter knows nothing of HTTP or the other adapter");

    private static final DescribedPredicate<JavaClass> A_DOMAIN_PORT = DescribedPredicate.describe(
            "a domain port", c -> c.isInterface() && c.getPackageName().startsWith("dev.lockstep.domain"));

    private static DescribedPredicate<JavaClass> implementsDomainPort() {
        return DescribedPredicate.describe(
                "implement a domain port",
                c -> !c.isInterface() && c.getAllRawInterfaces().stream().anyMatch(A_DOMAIN_PORT));
    }

    static final ArchRule INMEMORY_ADAPTERS_ARE_NAMED_FOR_THEIR_ADAPTER = classes()
            .that()
            .resideInAPackage(INMEMORY)
            .and(implementsDomainPort())
            .and()
            .areTopLevelClasses()
            .should()
            .haveSimpleNameStartingWith("InMemory")
            .because("CONVENTIONS.md: adapters are named for the adapter and the port, e.g. InMemoryTenantWriteLocks");

    static final ArchRule POSTGRES_ADAPTERS_ARE_NAMED_FOR_THEIR_ADAPTER = classes()
            .that()
            .resideInAPackage(POSTGRES)
            .and(implementsDomainPort())
            .and()
            .areTopLevelClasses()
            .should()
            .haveSimpleNameStartingWith("Postgres")
            .because("CONVENTIONS.md: adapters are named for the adapter and the port, e.g. PostgresTenantWriteLocks");

    static final ArchRule CONTROLLERS_LIVE_IN_HTTP = classes()
            .that()
            .haveSimpleNameEndingWith("Controller")
            .should()
            .resideInAPackage(HTTP)
            .because("controllers are the HTTP adapter's business");

    static final ArchRule NO_THREAD_LOCAL_BELOW_HTTP = noClasses()
            .that()
            .resideInAnyPackage(DOMAIN, APPLICATION, POSTGRES, INMEMORY)
            .should()
            .dependOnClassesThat()
            .areAssignableTo(ThreadLocal.class)
            .because("ARCHITECTURE.md: the unit of work is explicit; a store reaches its transaction through the"
                    + " unit it was handed, never through the thread it runs on");

    private static final String CONTROLLER = "io.micronaut.http.annotation.Controller";
    private static final List<String> HTTP_METHODS = List.of(
            "io.micronaut.http.annotation.Get",
            "io.micronaut.http.annotation.Post",
            "io.micronaut.http.annotation.Put",
            "io.micronaut.http.annotation.Patch",
            "io.micronaut.http.annotation.Delete",
            "io.micronaut.http.annotation.Head",
            "io.micronaut.http.annotation.Options");
    private static final String TENANT_ROUTES = "/v1/tenants/";
    /** The URI variable {@code dev.lockstep.http.support.RequestGuard} checks against the key's scope. */
    private static final String GUARDED_TENANT = "/v1/tenants/{tenantId}";

    private static final ArchCondition<JavaClass> NAME_THEIR_TENANT_FOR_THE_GUARD =
            new ArchCondition<>("name the tenant of every " + TENANT_ROUTES + "** route {tenantId}") {
                @Override
                public void check(JavaClass controller, ConditionEvents events) {
                    String base = controller
                            .tryGetAnnotationOfType(CONTROLLER)
                            .flatMap(a -> a.get("value"))
                            .map(Object::toString)
                            .orElse("/");
                    for (JavaMethod method : controller.getMethods()) {
                        for (String http : HTTP_METHODS) {
                            Optional<JavaAnnotation<JavaMethod>> route = method.tryGetAnnotationOfType(http);
                            if (route.isEmpty()) {
                                continue;
                            }
                            String path = join(base, uriOf(route.get()));
                            boolean escapes = path.startsWith(TENANT_ROUTES)
                                    && !(path.equals(GUARDED_TENANT) || path.startsWith(GUARDED_TENANT + "/"));
                            events.add(new SimpleConditionEvent(
                                    method,
                                    !escapes,
                                    method.getFullName() + " serves " + path
                                            + (escapes ? ", which the tenant guard does not check" : "")));
                        }
                    }
                }
            };

    private static String uriOf(JavaAnnotation<?> route) {
        for (String attribute : List.of("uri", "value")) {
            Optional<Object> given = route.get(attribute);
            if (given.isPresent()
                    && !given.get().toString().isEmpty()
                    && !given.get().equals("/")) {
                return given.get().toString();
            }
        }
        return "";
    }

    private static String join(String base, String path) {
        String joined = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + (path.isEmpty() || path.startsWith("/") ? path : "/" + path);
        return joined.isEmpty() ? "/" : joined;
    }

    static final ArchRule TENANT_ROUTES_PASS_THE_TENANT_GUARD = classes()
            .that()
            .areAnnotatedWith(CONTROLLER)
            .should(NAME_THEIR_TENANT_FOR_THE_GUARD)
            .because("issue 9: RequestGuard checks the scope of the route's {tenantId}; a tenant route that names"
                    + " its tenant otherwise would be open to every key (the route-table test in adapters-http"
                    + " checks the same through the running server)");
}
