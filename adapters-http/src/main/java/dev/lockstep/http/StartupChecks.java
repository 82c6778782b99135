package dev.lockstep.http;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.idempotency.IdempotencySettings;
import dev.lockstep.application.stack.TeardownSettings;
import dev.lockstep.http.config.IdpProperties;
import dev.lockstep.http.config.LockstepProperties;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every setting and builds the storage at start-up (on PostgreSQL: connects and migrates), so
 * a bad setting or a broken database stops the server before it accepts requests instead of failing
 * the first one. First of the eager beans, so the settings are judged before anything uses them.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE)
final class StartupChecks {
    private static final Logger log = LoggerFactory.getLogger(StartupChecks.class);

    StartupChecks(
            LockstepProperties lockstep,
            StorageSettings storageSettings,
            TeardownSettings teardownSettings,
            IdempotencySettings idempotencySettings,
            // taken so that the IdP settings are validated at start-up too, not on the first event
            IdpProperties idp,
            Environment environment,
            BeanProvider<StoragePorts> storage) {
        // a rule across two prefixes, which no single properties record can state
        if (lockstep.postgres()
                && environment
                        .getProperty("datasources.default.url", String.class)
                        .filter(url -> !url.isBlank())
                        .isEmpty()) {
            throw new InvalidSettingException(
                    "lockstep.storage=postgres needs datasources.default.url (env DATASOURCES_DEFAULT_URL), e.g. jdbc:postgresql://127.0.0.1:5432/lockstep");
        }
        StoragePorts ports = storage.get();
        log.info(
                "Lockstep storage: {} ({}), {}, {}, {}",
                lockstep.storage(),
                ports.getClass().getSimpleName(),
                storageSettings,
                teardownSettings,
                idempotencySettings);
    }
}
