package dev.lockstep.http.stack;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.stack.CreateStack;
import dev.lockstep.application.stack.DeleteStack;
import dev.lockstep.application.stack.GetStack;
import dev.lockstep.application.stack.ListStacks;
import dev.lockstep.application.stack.MergeStackEnv;
import dev.lockstep.application.stack.TearDownStack;
import dev.lockstep.http.LockstepConfig;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The stack use cases, over whichever storage {@code lockstep.storage} selected. */
@Factory
public class StackWiring {

  @Singleton
  CreateStack createStack(StoragePorts storage) {
    return new CreateStack(storage);
  }

  @Singleton
  GetStack getStack(StoragePorts storage) {
    return new GetStack(storage);
  }

  @Singleton
  ListStacks listStacks(StoragePorts storage) {
    return new ListStacks(storage);
  }

  @Singleton
  MergeStackEnv mergeStackEnv(StoragePorts storage) {
    return new MergeStackEnv(storage);
  }

  @Singleton
  DeleteStack deleteStack(StoragePorts storage) {
    return new DeleteStack(storage);
  }

  @Singleton
  TearDownStack tearDownStack(StoragePorts storage, Clock clock, LockstepConfig config) {
    return new TearDownStack(storage, clock, config.teardownDelay());
  }
}
