package dev.lockstep.http;

import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start-up which threads run the requests. Every controller runs on {@link
 * TaskExecutors#BLOCKING} ({@code @ExecuteOn}), never on a Netty event loop; Micronaut chooses that
 * executor at run time: virtual threads, one per request, when the JVM has them (Java 21+), its
 * cached {@code io} pool of platform threads otherwise (Java 17). The jar is the same (release 17);
 * either way the JDBC pool bounds how many requests use the database at once, and a request waits at
 * most {@code lockstep.storage.connection-wait} for a connection.
 */
@Context
final class BlockingThreads {
    private static final Logger log = LoggerFactory.getLogger(BlockingThreads.class);

    BlockingThreads(@Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        String kind;
        try {
            Future<String> probe = blocking.submit(() -> describe(Thread.currentThread()));
            kind = probe.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            kind = "an executor that did not answer (" + e + ")";
        }
        log.info("Requests run on {} (Java {})", kind, Runtime.version().feature());
    }

    /** {@code virtual threads} or {@code platform threads (<name pattern>)}. */
    static String describe(Thread thread) {
        return isVirtual(thread) ? "virtual threads" : "platform threads (" + thread.getName() + ")";
    }

    /** {@code Thread.isVirtual()}, which exists from Java 21 on; the jar is compiled for 17. */
    private static boolean isVirtual(Thread thread) {
        try {
            Method isVirtual = Thread.class.getMethod("isVirtual");
            return (Boolean) isVirtual.invoke(thread);
        } catch (NoSuchMethodException e) {
            return false; // before Java 21 every thread is a platform thread
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Thread.isVirtual() could not be called", e);
        }
    }
}
