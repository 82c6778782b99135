package dev.lockstep.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The production classes of every module obey the dependency table. Nothing is frozen. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchitectureTest {
    private JavaClasses production;

    @BeforeAll
    void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.lockstep");
    }

    static Stream<ArchRule> rules() {
        return Stream.of(
                LockstepRules.HEXAGON,
                LockstepRules.DOMAIN_USES_THE_JDK_ONLY,
                LockstepRules.NO_FRAMEWORK_IN_DOMAIN,
                LockstepRules.APPLICATION_SEES_DOMAIN_INJECT_AND_IDS_ONLY,
                LockstepRules.HTTP_SEES_NO_STORAGE_CLASS,
                LockstepRules.INMEMORY_SEES_NO_POSTGRES_OR_HTTP,
                LockstepRules.POSTGRES_SEES_NO_HTTP,
                LockstepRules.INMEMORY_ADAPTERS_ARE_NAMED_FOR_THEIR_ADAPTER,
                LockstepRules.POSTGRES_ADAPTERS_ARE_NAMED_FOR_THEIR_ADAPTER,
                LockstepRules.CONTROLLERS_LIVE_IN_HTTP,
                LockstepRules.NO_THREAD_LOCAL_BELOW_HTTP,
                LockstepRules.TENANT_ROUTES_PASS_THE_TENANT_GUARD);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void productionCodeObeys(ArchRule rule) {
        rule.check(production);
    }
}
