package dev.lockstep.http.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/**
 * {@code lockstep.idp.*}: the identity provider (WorkOS-compatible) the organizations come from.
 *
 * @param webhookSecret the secret of the event webhook's signature (unset: the endpoint answers 503)
 * @param baseUrl the IdP's API, without a trailing slash
 * @param apiKey the key for pushing our ids to the IdP (unset: the demo, nothing is pushed)
 * @param signatureTolerance how old a signed event may be
 * @param eventLockWait how long an event waits for its organization's or slug's lock (unset: {@link
 *     dev.lockstep.application.StorageSettings#DEFAULT_ORGANIZATION_LOCK_WAIT})
 */
@ConfigurationProperties("lockstep.idp")
public record IdpProperties(
        @Nullable String webhookSecret,
        @Bindable(defaultValue = "https://api.workos.com") @NotBlank String baseUrl,
        @Nullable String apiKey,
        @Bindable(defaultValue = "180s") @PositiveDuration Duration signatureTolerance,
        @Nullable @PositiveDuration Duration eventLockWait) {

    public IdpProperties {
        webhookSecret = Blank.toNull(webhookSecret);
        apiKey = Blank.toNull(apiKey);
        if (baseUrl != null && baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
    }
}
