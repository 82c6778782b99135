package dev.lockstep.http.org;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.org.ApplyOrganizationEvent;
import dev.lockstep.application.org.FindOrganizationBySlug;
import dev.lockstep.application.org.GetOrganization;
import dev.lockstep.application.org.RecordingIdpDirectory;
import dev.lockstep.domain.ids.IdGenerator;
import dev.lockstep.domain.org.IdpDirectory;
import dev.lockstep.http.LockstepConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Use cases of the org sync, and the IdP directory they push our ids to. */
@Factory
public class OrgWiring {
  private static final Logger log = LoggerFactory.getLogger(OrgWiring.class);

  /**
   * The WorkOS API when {@code lockstep.idp.api-key} is set; otherwise (the demo) a directory that
   * only records what it would have pushed.
   */
  @Singleton
  @Bean(preDestroy = "close")
  IdpDirectoryHolder idpDirectory(LockstepConfig config, MeterRegistry meters) {
    // registered in every mode, so /metrics always lists it (0 when nothing failed)
    Counter failures =
        Counter.builder("lockstep.idp.push.failures")
            .description("Pushes of our organization id to the IdP that failed (retried with the next event)")
            .register(meters);
    if (config.idpApiKey() == null) {
      log.info("lockstep.idp.api-key is not set: organization ids are recorded, not pushed to the IdP");
      return new IdpDirectoryHolder(new RecordingIdpDirectory());
    }
    return new IdpDirectoryHolder(new HttpIdpDirectory(config.idpBaseUrl(), config.idpApiKey(), failures));
  }

  @Singleton
  ApplyOrganizationEvent applyOrganizationEvent(StoragePorts storage, IdGenerator ids, Clock clock, IdpDirectoryHolder directory) {
    return new ApplyOrganizationEvent(storage, ids, clock, directory.directory());
  }

  @Singleton
  GetOrganization getOrganization(StoragePorts storage) {
    return new GetOrganization(storage);
  }

  @Singleton
  FindOrganizationBySlug findOrganizationBySlug(StoragePorts storage) {
    return new FindOrganizationBySlug(storage);
  }

  /** The chosen directory, closed with the context when it holds an HTTP client. */
  public record IdpDirectoryHolder(IdpDirectory directory) implements AutoCloseable {
    @Override
    public void close() {
      if (directory instanceof HttpIdpDirectory http) {
        http.close();
      }
    }
  }
}
