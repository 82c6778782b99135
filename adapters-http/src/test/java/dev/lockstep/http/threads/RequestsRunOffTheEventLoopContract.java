package dev.lockstep.http.threads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.http.testing.TestServer;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.executor.ThreadSelection;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Blocking JDBC never runs on a Netty event loop (ARCHITECTURE.md), now that no controller names
 * its executor: under the server's thread selection every route of ours runs on the blocking
 * executor, and the storage calls real requests make run on threads no event loop owns.
 */
abstract class RequestsRunOffTheEventLoopContract {
    abstract TestServer.Storage storage();

    @Test
    void everyRouteOfOursRunsOnTheBlockingExecutor() {
        try (TestServer server = TestServer.start(storage())) {
            ThreadSelection selection =
                    server.context().getBean(HttpServerConfiguration.class).getThreadSelection();
            ExecutorService blocking =
                    server.context().getBean(ExecutorService.class, Qualifiers.byName(TaskExecutors.BLOCKING));
            List<String> ours = new ArrayList<>();
            TreeSet<String> elsewhere = new TreeSet<>();
            for (UriRouteInfo<?, ?> route :
                    server.context().getBean(Router.class).uriRoutes().toList()) {
                if (!route.getDeclaringType().getName().startsWith("dev.lockstep.http.")) {
                    continue; // Micronaut's own endpoints (health) do no JDBC of ours
                }
                String name = route.getHttpMethodName() + " " + route.getUriMatchTemplate();
                ours.add(name);
                if (route.getExecutor(selection) != blocking) {
                    elsewhere.add(name);
                }
            }
            assertThat(ours)
                    .as("the check sees the routes of the walks")
                    .anyMatch(r -> r.startsWith("PATCH /v1/tenants/{tenantId}/stacks/{slug}/env"))
                    .anyMatch(r -> r.startsWith("POST /v1/tenants/{tenantId}/feedback-records"))
                    .anyMatch(r -> r.startsWith("DELETE /v1/tenants/{tenantId}/identities/{ref}"));
            assertThat(elsewhere).as("routes not on the blocking executor").isEmpty();
        }
    }

    @Test
    void theStorageCallsOfRealRequestsRunOnNoEventLoop() throws Exception {
        try (TestServer server = TestServer.start(storage(), Map.of(StorageCallThreads.PROPERTY, "true"))) {
            Collection<EventLoopGroup> loops = server.context().getBeansOfType(EventLoopGroup.class);
            // the check can tell: a task the event loop runs is seen as on it
            Thread loopThread =
                    loops.iterator().next().submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
            assertThat(onAnEventLoop(loops, loopThread)).isTrue();

            String t = "/v1/tenants/t-" + UUID.randomUUID();
            StorageCallThreads recorder = server.context().getBean(StorageCallThreads.class);
            List<String> requests = List.of(
                    "POST " + t + "/stacks {\"slug\":\"web\",\"env\":{}}",
                    "PATCH " + t + "/stacks/web/env {\"env\":{\"A\":\"1\"}}",
                    "GET " + t + "/stacks/web",
                    "POST " + t + "/feedback-records {\"payload\":{\"score\":5}}",
                    "POST " + t + "/identities {\"externalId\":\"u-1\"}",
                    "DELETE " + t + "/identities/u-1");
            for (String request : requests) {
                String[] parts = request.split(" ", 3);
                int before = recorder.calls().size();
                TestServer.Response answer = server.send(parts[0], parts[1], parts.length > 2 ? parts[2] : null);
                assertThat(answer.status()).as(request + ": " + answer).isBetween(200, 299);
                List<StorageCallThreads.Call> calls =
                        recorder.calls().subList(before, recorder.calls().size());
                assertThat(calls).as(request + " calls the storage").isNotEmpty();
                assertThat(calls)
                        .as(request + ": storage calls made on an event loop thread")
                        .filteredOn(call -> onAnEventLoop(loops, call.thread()))
                        .isEmpty();
            }
        }
    }

    private static boolean onAnEventLoop(Collection<EventLoopGroup> loops, Thread thread) {
        for (EventLoopGroup group : loops) {
            for (EventExecutor loop : group) {
                if (loop.inEventLoop(thread)) {
                    return true;
                }
            }
        }
        return false;
    }
}
