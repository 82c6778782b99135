package dev.lockstep.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.lockstep.application.archfixture.ApplicationUsingMicronaut;
import dev.lockstep.application.archfixture.ApplicationUsingThreadLocal;
import dev.lockstep.application.archfixture.MisplacedController;
import dev.lockstep.domain.archfixture.DomainUsingApplication;
import dev.lockstep.domain.archfixture.DomainUsingJdbc;
import dev.lockstep.domain.archfixture.DomainUsingThreadLocal;
import dev.lockstep.http.archfixture.HttpUsingPostgresAdapter;
import dev.lockstep.http.archfixture.TenantRouteNamedOtherwise;
import dev.lockstep.http.archfixture.TenantRouteOnTheMethod;
import dev.lockstep.inmemory.archfixture.InMemoryUsingPostgresDriver;
import dev.lockstep.inmemory.archfixture.InMemoryUsingThreadLocal;
import dev.lockstep.inmemory.archfixture.SloppyTenantLocks;
import dev.lockstep.postgres.archfixture.PostgresUsingHttp;
import dev.lockstep.postgres.archfixture.PostgresUsingInMemory;
import dev.lockstep.postgres.archfixture.PostgresUsingThreadLocal;
import dev.lockstep.postgres.archfixture.SloppyTenantLocksPg;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link LockstepRules} fails on a test-only class that breaks it — a rule that cannot
 * fail guards nothing. The fixtures live under {@code src/test} and are never imported by
 * {@link ArchitectureTest}.
 */
class RulesCatchViolationsTest {

    private static void assertViolated(ArchRule rule, Class<?>... violators) {
        JavaClasses classes = new ClassFileImporter().importClasses(violators);
        assertThatThrownBy(() -> rule.check(classes))
                .as("rule should reject %s", (Object) violators)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(violators[0].getSimpleName());
    }

    @Test
    void jdbcInDomainIsCaught() {
        assertViolated(LockstepRules.NO_FRAMEWORK_IN_DOMAIN, DomainUsingJdbc.class);
    }

    @Test
    void domainUsingTheApplicationRingIsCaught() {
        assertViolated(
                LockstepRules.HEXAGON, DomainUsingApplication.class, dev.lockstep.application.StoragePorts.class);
        assertViolated(LockstepRules.DOMAIN_USES_THE_JDK_ONLY, DomainUsingApplication.class);
    }

    @Test
    void micronautInApplicationIsCaught() {
        assertViolated(LockstepRules.APPLICATION_SEES_DOMAIN_INJECT_AND_IDS_ONLY, ApplicationUsingMicronaut.class);
    }

    @Test
    void storageClassInHttpIsCaught() {
        assertViolated(LockstepRules.HTTP_SEES_NO_STORAGE_CLASS, HttpUsingPostgresAdapter.class);
    }

    @Test
    void jdbcInTheInMemoryAdapterIsCaught() {
        assertViolated(LockstepRules.INMEMORY_SEES_NO_POSTGRES_OR_HTTP, InMemoryUsingPostgresDriver.class);
    }

    @Test
    void httpInThePostgresAdapterIsCaught() {
        assertViolated(LockstepRules.POSTGRES_SEES_NO_HTTP, PostgresUsingHttp.class);
    }

    @Test
    void oneAdapterUsingAnotherIsCaught() {
        assertViolated(LockstepRules.HEXAGON, PostgresUsingInMemory.class, dev.lockstep.inmemory.InMemoryStorage.class);
        assertViolated(LockstepRules.POSTGRES_SEES_NO_HTTP, PostgresUsingInMemory.class);
    }

    @Test
    void adaptersNamedAfterNothingAreCaught() {
        assertViolated(LockstepRules.INMEMORY_ADAPTERS_ARE_NAMED_FOR_THEIR_ADAPTER, SloppyTenantLocks.class);
        assertViolated(LockstepRules.POSTGRES_ADAPTERS_ARE_NAMED_FOR_THEIR_ADAPTER, SloppyTenantLocksPg.class);
    }

    @Test
    void controllersOutsideHttpAreCaught() {
        assertViolated(LockstepRules.CONTROLLERS_LIVE_IN_HTTP, MisplacedController.class);
    }

    @Test
    void aThreadLocalBelowHttpIsCaught() {
        assertViolated(LockstepRules.NO_THREAD_LOCAL_BELOW_HTTP, DomainUsingThreadLocal.class);
        assertViolated(LockstepRules.NO_THREAD_LOCAL_BELOW_HTTP, ApplicationUsingThreadLocal.class);
        assertViolated(LockstepRules.NO_THREAD_LOCAL_BELOW_HTTP, PostgresUsingThreadLocal.class);
        assertViolated(LockstepRules.NO_THREAD_LOCAL_BELOW_HTTP, InMemoryUsingThreadLocal.class);
    }

    @Test
    void aTenantRouteTheGuardDoesNotCheckIsCaught() {
        assertViolated(LockstepRules.TENANT_ROUTES_PASS_THE_TENANT_GUARD, TenantRouteNamedOtherwise.class);
        assertViolated(LockstepRules.TENANT_ROUTES_PASS_THE_TENANT_GUARD, TenantRouteOnTheMethod.class);
    }
}
