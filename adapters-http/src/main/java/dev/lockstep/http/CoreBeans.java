package dev.lockstep.http;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The clock every storage and use case reads; tests of the use cases pass their own. */
@Factory
public class CoreBeans {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
