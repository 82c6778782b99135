package dev.lockstep.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.stack.TeardownSettings;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad setting stops start-up with the one line {@link Application#main} prints after "cannot
 * start:", naming the property and the rule, before the storage is built.
 */
class InvalidSettingsStopStartupTest {

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                Arguments.of(
                        Map.of("lockstep.tenant.purge-lock-timeout", "0s"),
                        "lockstep.tenant.purge-lock-timeout must be > 0, got PT0S"),
                Arguments.of(
                        Map.of("lockstep.stacks.env-lock-timeout", "-1s"),
                        "lockstep.stacks.env-lock-timeout must be > 0, got PT-1S"),
                Arguments.of(
                        Map.of("lockstep.storage.row-lock-wait", "0ms"),
                        "lockstep.storage.row-lock-wait must be > 0, got PT0S"),
                Arguments.of(
                        Map.of("lockstep.idp.event-lock-wait", "-10s"),
                        "lockstep.idp.event-lock-wait must be > 0, got PT-10S"),
                Arguments.of(
                        Map.of("lockstep.storage.connection-wait", "0s"),
                        "lockstep.storage.connection-wait must be > 0, got PT0S"),
                Arguments.of(
                        Map.of("lockstep.stacks.teardown-delay", "-2s"),
                        "lockstep.stacks.teardown-delay must be >= 0, got PT-2S"),
                Arguments.of(
                        Map.of("lockstep.idp.signature-tolerance", "0s"),
                        "lockstep.idp.signature-tolerance must be > 0, got PT0S"),
                Arguments.of(
                        Map.of("lockstep.idempotency.ttl", "0s"), "lockstep.idempotency.ttl must be > 0, got PT0S"),
                Arguments.of(
                        Map.of("lockstep.tenant.lock", "citus"),
                        "lockstep.tenant.lock must be advisory or row, got citus"),
                Arguments.of(
                        Map.of("micronaut.server.thread-selection", "MANUAL"),
                        "micronaut.server.thread-selection must be AUTO (or BLOCKING, IO): MANUAL would run the routes,"
                                + " and their JDBC work, on the Netty event loop"),
                Arguments.of(
                        Map.of("lockstep.storage", "sqlite"),
                        "lockstep.storage must be memory or postgres, got sqlite"),
                Arguments.of(
                        Map.of("lockstep.storage", "postgres"),
                        "lockstep.storage=postgres needs datasources.default.url (env DATASOURCES_DEFAULT_URL), e.g. jdbc:postgresql://127.0.0.1:5432/lockstep"),
                Arguments.of(
                        Map.of(
                                "lockstep.api-keys[0].name", "ops",
                                "lockstep.api-keys[0].sha256", "not-hex",
                                "lockstep.api-keys[0].tenants", "*"),
                        "lockstep.api-keys[0] (ops): sha256 must be 64 hex characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void invalidSettingStopsStartupWithOneLine(Map<String, Object> setting, String reason) {
        Map<String, Object> properties = new HashMap<>(Map.of("lockstep.bootstrap-admin-key", "a-key"));
        properties.putAll(setting);
        try (ApplicationContext context =
                ApplicationContext.builder().properties(properties).start()) {
            fail("started with " + setting + " (" + context + ")");
        } catch (RuntimeException e) {
            assertThat(StartupFailure.reason(e)).isEqualTo(reason);
        }
    }

    @Test
    void validSettingsReachTheStorageAndUnsetOnesKeepTheirDefaults() {
        Map<String, Object> properties = Map.of(
                "lockstep.bootstrap-admin-key", "a-key",
                "lockstep.storage", "memory",
                // a scalar lockstep.storage next to lockstep.storage.* keys: both are read
                "lockstep.storage.row-lock-wait", "7s",
                "lockstep.storage.connection-wait", "750ms",
                "lockstep.idp.event-lock-wait", "11s",
                "lockstep.stacks.teardown-delay", "0s",
                "lockstep.tenant.lock", "row");
        try (ApplicationContext context =
                ApplicationContext.builder().properties(properties).start()) {
            StorageSettings defaults = StorageSettings.defaults();
            assertThat(context.getBean(StorageSettings.class))
                    .isEqualTo(new StorageSettings(
                            defaults.purgeLockTimeout(),
                            defaults.envLockTimeout(),
                            Duration.ofSeconds(7),
                            Duration.ofSeconds(11),
                            Duration.ofMillis(750),
                            StorageSettings.TenantLock.ROW));
            assertThat(context.getBean(TeardownSettings.class)).isEqualTo(new TeardownSettings(Duration.ZERO));
            assertThat(context.getBean(StoragePorts.class).getClass().getSimpleName())
                    .isEqualTo("InMemoryStorage");
        }
    }
}
