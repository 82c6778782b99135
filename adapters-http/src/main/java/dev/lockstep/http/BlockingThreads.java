package dev.lockstep.http;

import io.micronaut.context.annotation.Context;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.executor.ThreadSelection;
import jakarta.inject.Named;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which threads run the requests, checked and said at start-up. Blocking JDBC never runs on a Netty
 * event loop (ARCHITECTURE.md): every controller returns a plain (blocking) type, and with {@code
 * micronaut.server.thread-selection: AUTO} (application.yml) Micronaut runs such a route on {@link
 * TaskExecutors#BLOCKING}, as {@code @ExecuteOn(BLOCKING)} on each controller did. MANUAL would run
 * every route on the event loop, so it stops start-up; BLOCKING and IO keep routes off it too.
 * Micronaut chooses the executor at run time: virtual threads, one per request, when the JVM has
 * them (Java 21+), its cached {@code io} pool of platform threads otherwise (Java 17). The jar is the
 * same (release 17); either way the JDBC pool bounds how many requests use the database at once,
 * and a request waits at most {@code lockstep.storage.connection-wait} for a connection.
 */
@Context
final class BlockingThreads {
    private static final Logger log = LoggerFactory.getLogger(BlockingThreads.class);

    BlockingThreads(HttpServerConfiguration server, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        if (server.getThreadSelection() == ThreadSelection.MANUAL) {
            throw new InvalidSettingException("micronaut.server.thread-selection must be AUTO (or BLOCKING, IO): MANUAL"
                    + " would run the routes, and their JDBC work, on the Netty event loop");
        }
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
        log.info(
                "Requests run on {} (thread selection {}, Java {})",
                kind,
                server.getThreadSelection(),
                Runtime.version().feature());
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
