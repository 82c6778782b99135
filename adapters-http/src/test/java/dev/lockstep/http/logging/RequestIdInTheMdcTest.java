package dev.lockstep.http.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.lockstep.application.contract.Await;
import dev.lockstep.http.org.IdpWebhookSignature;
import dev.lockstep.http.org.LogOnlyIdpDirectory;
import dev.lockstep.http.support.RequestIds;
import dev.lockstep.http.testing.TestServer;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.scheduling.TaskExecutors;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The request's id is in the MDC where the request's work runs, the controller's blocking thread
 * included, and on no thread once the request has been answered: neither on an event loop nor on
 * the pooled thread that ran the controller.
 */
class RequestIdInTheMdcTest {
    private static final String SECRET = "whsec_" + UUID.randomUUID();
    private static final int SWEEP = 64;

    /** Keeps each event with the MDC it was written with (a plain ListAppender reads it too late). */
    private static final class Recorder extends AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            events.add(event);
        }
    }

    @Test
    void theIdIsOnTheControllersThreadWhileItRunsAndOnNoThreadAfterTheAnswer() throws Exception {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger idpLog = logging.getLogger(LogOnlyIdpDirectory.class);
        Recorder recorder = new Recorder();
        recorder.setContext(logging);
        recorder.start();
        idpLog.addAppender(recorder);
        try (TestServer server =
                TestServer.start(TestServer.Storage.MEMORY, Map.of("lockstep.idp.webhook-secret", SECRET))) {
            TestServer.Response answer = deliverOrganizationCreated(server);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            String requestId = answer.header(RequestIds.HEADER);

            ILoggingEvent pushLine = recorder.events.stream()
                    .filter(e -> requestId.equals(e.getMDCPropertyMap().get(RequestIds.MDC_KEY)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(
                            "no LogOnlyIdpDirectory line with requestId " + requestId + ": " + recorder.events));
            String controllerThread = pushLine.getThreadName();

            EventLoopGroup loops = server.context().getBean(EventLoopGroup.class);
            for (EventExecutor loop : loops) {
                Map<String, String> mdc = loop.submit(MDC::getCopyOfContextMap).get(10, TimeUnit.SECONDS);
                assertThat(mdc).as("MDC of event loop %s", loop).isNullOrEmpty();
            }

            ExecutorService blocking =
                    server.context().getBean(ExecutorService.class, Qualifiers.byName(TaskExecutors.BLOCKING));
            Map<String, Map<String, String>> seen = new HashMap<>();
            Await.until("a sweep of the blocking threads ran on " + controllerThread + " (or it is gone)", () -> {
                seen.putAll(sweep(blocking));
                return seen.containsKey(controllerThread) || !alive(controllerThread);
            });
            assertThat(seen).allSatisfy((thread, mdc) -> assertThat(mdc)
                    .as("MDC of blocking thread %s", thread)
                    .isNullOrEmpty());
        } finally {
            idpLog.detachAppender(recorder);
            recorder.stop();
        }
    }

    /**
     * Runs {@value #SWEEP} tasks that each wait until all have started, so every idle pooled thread
     * takes one (an idle worker is handed a task before a new one is made); returns each thread's MDC.
     */
    private static Map<String, Map<String, String>> sweep(ExecutorService blocking) {
        CountDownLatch started = new CountDownLatch(SWEEP);
        List<Future<Map.Entry<String, Map<String, String>>>> tasks = new ArrayList<>();
        for (int i = 0; i < SWEEP; i++) {
            tasks.add(blocking.submit(() -> {
                Map<String, String> mdc = MDC.getCopyOfContextMap();
                started.countDown();
                started.await(10, TimeUnit.SECONDS);
                Map<String, String> shown = mdc == null ? Map.of() : mdc;
                return Map.entry(Thread.currentThread().getName(), shown);
            }));
        }
        Map<String, Map<String, String>> byThread = new HashMap<>();
        for (Future<Map.Entry<String, Map<String, String>>> task : tasks) {
            try {
                Map.Entry<String, Map<String, String>> result = task.get(20, TimeUnit.SECONDS);
                byThread.put(result.getKey(), result.getValue());
            } catch (Exception e) {
                throw new AssertionError("a sweep task failed", e);
            }
        }
        return byThread;
    }

    /** Whether a platform thread of this name still lives (a virtual thread ends with its request). */
    private static boolean alive(String threadName) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(threadName));
    }

    private static TestServer.Response deliverOrganizationCreated(TestServer server) {
        String at = Instant.now().toString();
        String body = "{\"object\":\"event\",\"id\":\"event_"
                + UUID.randomUUID().toString().replace("-", "")
                + "\",\"event\":\"organization.created\",\"data\":{\"object\":\"organization\",\"id\":\"org_"
                + UUID.randomUUID().toString().replace("-", "") + "\",\"name\":\"Mdc Corp\","
                + "\"external_id\":null,\"domains\":[],\"created_at\":\"" + at + "\",\"updated_at\":\"" + at
                + "\"},\"created_at\":\"" + at + "\"}";
        String signature = new IdpWebhookSignature(SECRET, Duration.ofSeconds(180))
                .header(body.getBytes(StandardCharsets.UTF_8), Instant.now());
        return server.send("POST", "/v1/idp/events", body, null, Map.of(IdpWebhookSignature.HEADER, signature));
    }
}
