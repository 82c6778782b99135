package dev.lockstep.http.org;

import dev.lockstep.http.config.IdpProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The IdP directory {@code ApplyOrganizationEvent} pushes our organization ids to. */
@Factory
class IdpDirectoryBeans {
    private static final Logger log = LoggerFactory.getLogger(IdpDirectoryBeans.class);

    /**
     * The WorkOS API when {@code lockstep.idp.api-key} is set; otherwise (the demo) a directory that
     * only logs what it would have pushed.
     */
    @Singleton
    @Bean(preDestroy = "close")
    ClosableIdpDirectory idpDirectory(IdpProperties idp, MeterRegistry meters) {
        // registered in every mode, so /metrics always lists it (0 when nothing failed)
        Counter failures = Counter.builder("lockstep.idp.push.failures")
                .description("Pushes of our organization id to the IdP that failed (retried with the next event)")
                .register(meters);
        if (idp.apiKey() == null) {
            log.info("lockstep.idp.api-key is not set: organization ids are logged, not pushed to the IdP");
            return new LogOnlyIdpDirectory();
        }
        return new HttpIdpDirectory(idp.baseUrl(), idp.apiKey(), failures);
    }
}
