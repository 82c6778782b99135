package dev.lockstep.http.identity;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.identity.CreateIdentity;
import dev.lockstep.application.identity.CreateSession;
import dev.lockstep.application.identity.DeleteIdentity;
import dev.lockstep.application.identity.GetIdentity;
import dev.lockstep.application.identity.ListIdentities;
import dev.lockstep.application.identity.RevokeAllSessions;
import dev.lockstep.application.identity.RevokeSession;
import dev.lockstep.application.identity.SignOut;
import dev.lockstep.application.identity.UpdateIdentity;
import dev.lockstep.domain.ids.IdGenerator;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The identity and session use cases, over whichever storage the server runs on. */
@Factory
public class IdentityWiring {

  @Singleton
  CreateIdentity createIdentity(StoragePorts storage, IdGenerator ids, Clock clock) {
    return new CreateIdentity(storage, ids, clock);
  }

  @Singleton
  GetIdentity getIdentity(StoragePorts storage) {
    return new GetIdentity(storage);
  }

  @Singleton
  ListIdentities listIdentities(StoragePorts storage) {
    return new ListIdentities(storage);
  }

  @Singleton
  UpdateIdentity updateIdentity(StoragePorts storage, IdGenerator ids, Clock clock) {
    return new UpdateIdentity(storage, ids, clock);
  }

  @Singleton
  DeleteIdentity deleteIdentity(StoragePorts storage, Clock clock) {
    return new DeleteIdentity(storage, clock);
  }

  @Singleton
  CreateSession createSession(StoragePorts storage, IdGenerator ids, Clock clock) {
    return new CreateSession(storage, ids, clock);
  }

  @Singleton
  RevokeSession revokeSession(StoragePorts storage) {
    return new RevokeSession(storage);
  }

  @Singleton
  RevokeAllSessions revokeAllSessions(StoragePorts storage) {
    return new RevokeAllSessions(storage);
  }

  @Singleton
  SignOut signOut(StoragePorts storage) {
    return new SignOut(storage);
  }
}
