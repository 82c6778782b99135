package dev.lockstep.http.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The top-level {@code lockstep.*} settings (API.md, "Running it"). Like every setting, each is also
 * an environment variable: {@code lockstep.bootstrap-admin-key} = {@code LOCKSTEP_BOOTSTRAP_ADMIN_KEY}.
 *
 * @param storage which storage adapter serves the API: {@code memory} or {@code postgres}
 * @param bootstrapAdminKey an admin key with scope {@code *}, given in clear (unset or blank: none)
 */
@ConfigurationProperties("lockstep")
public record LockstepProperties(
        @NotNull @Pattern(regexp = "memory|postgres", message = "must be memory or postgres, got {validatedValue}")
                String storage,
        @Nullable String bootstrapAdminKey) {

    public LockstepProperties {
        bootstrapAdminKey = Blank.toNull(bootstrapAdminKey);
    }

    public boolean postgres() {
        return "postgres".equals(storage);
    }
}
