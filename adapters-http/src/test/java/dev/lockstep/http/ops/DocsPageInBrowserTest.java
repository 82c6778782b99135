package dev.lockstep.http.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lockstep.http.testing.TestServer;
import io.micronaut.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code /docs} in a real browser: headless Chromium, driven over the DevTools protocol, opens the
 * page from a test server, and the page renders a section for every tag of the served
 * {@code /openapi.yml} while every request it makes goes to this server. The browser resolves no
 * other host name at all, so a page that needed the internet would not render here. A screenshot is
 * kept in {@code target/browser/docs.png}.
 *
 * <p>Without Chromium the test is skipped, unless {@code LOCKSTEP_BROWSER_TEST=required} (CI), which
 * makes a missing browser a failure.
 */
class DocsPageInBrowserTest {
    // ceilings for a loaded machine (the full suite runs test classes in parallel): on an idle one the
    // page renders in a few seconds
    private static final Duration RENDER_WAIT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.createDefault();

    @Test
    void rendersEveryTagWithNothingFromElsewhere() throws Exception {
        Path chromium = chromium();
        try (TestServer server = TestServer.start(TestServer.Storage.MEMORY)) {
            List<String> tags =
                    tagsOf(server.send("GET", "/openapi.yml", null, null).body());
            assertThat(tags).isNotEmpty();

            Path profile = Files.createTempDirectory("lockstep-chromium-");
            Process browser = new ProcessBuilder(
                            chromium.toString(),
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--user-data-dir=" + profile,
                            // every host but the test server's is unresolvable
                            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                            "--remote-debugging-address=127.0.0.1",
                            "--remote-debugging-port=0",
                            "--window-size=1280,1600",
                            "about:blank")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try (DevTools devTools = DevTools.connect(browser)) {
                String session = devTools.openPage();
                devTools.call(session, "Network.enable", Map.of());
                devTools.call(session, "Page.enable", Map.of());
                devTools.call(session, "Page.navigate", Map.of("url", server.baseUrl() + "/docs"));

                Rendered rendered = waitUntilRendered(devTools, session, tags);
                Files.createDirectories(Path.of("target", "browser"));
                Map<String, Object> shot = devTools.call(session, "Page.captureScreenshot", Map.of("format", "png"));
                Files.write(
                        Path.of("target", "browser", "docs.png"),
                        Base64.getDecoder().decode((String) shot.get("data")));

                assertThat(rendered.sections()).as("tag sections on the page").containsAll(tags);
                assertThat(rendered.menu()).as("tags in the side menu").containsAll(tags);

                devTools.awaitNetworkQuiet(session, Duration.ofSeconds(1), RENDER_WAIT);
                List<Request> requests = devTools.requests(session);
                assertThat(requests)
                        .extracting(Request::url)
                        .as("the page, its script and the document it reads")
                        .contains(
                                server.baseUrl() + "/docs",
                                server.baseUrl() + "/docs/res/redoc.standalone.js",
                                server.baseUrl() + "/openapi.yml");
                // Redoc's bundle asks for its vendor's logo on a CDN: the page's Content-Security-Policy
                // stops that in the browser, before anything is sent
                assertThat(requests)
                        .as("requests the page made that left for elsewhere")
                        .filteredOn(r -> !r.url().startsWith(server.baseUrl() + "/")
                                && !r.url().startsWith("data:")
                                && !r.url().startsWith("blob:" + server.baseUrl() + "/"))
                        .allSatisfy(r -> assertThat(r.blockedReason()).isEqualTo("csp"));
            } finally {
                stop(browser);
                deleteTree(profile);
            }
        }
    }

    private record Rendered(List<String> sections, List<String> menu) {}

    /** A request the page started; {@code blockedReason} is why the browser did not send it, if so. */
    private record Request(String url, String blockedReason) {}

    /** Polls the page until every tag has its section and menu entry, or the wait is over. */
    private static Rendered waitUntilRendered(DevTools devTools, String session, List<String> tags) {
        String probe = "JSON.stringify({"
                + "sections: Array.from(document.querySelectorAll('h2'))"
                + ".filter(h => h.querySelector('a[href^=\"#tag/\"]')).map(h => h.textContent.trim()),"
                + "menu: Array.from(document.querySelectorAll('[role=menuitem] > label.-depth1'))"
                + ".map(l => l.textContent.trim())})";
        Instant deadline = Instant.now().plus(RENDER_WAIT);
        Rendered rendered = new Rendered(List.of(), List.of());
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> result =
                    devTools.call(session, "Runtime.evaluate", Map.of("expression", probe, "returnByValue", true));
            @SuppressWarnings("unchecked")
            Map<String, Object> value = (Map<String, Object>) result.get("result");
            Map<String, Object> found = DevTools.parse((String) value.get("value"));
            rendered = new Rendered(strings(found.get("sections")), strings(found.get("menu")));
            if (rendered.sections().containsAll(tags) && rendered.menu().containsAll(tags)) {
                return rendered;
            }
            devTools.awaitEvent(Duration.ofMillis(200));
        }
        return rendered;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return list instanceof List<?> l ? (List<String>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    static List<String> tagsOf(String openApiYaml) {
        Map<String, Object> doc =
                (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(openApiYaml);
        List<String> tags = new ArrayList<>();
        for (Object tag : (List<Object>) doc.getOrDefault("tags", List.of())) {
            tags.add(String.valueOf(((Map<String, Object>) tag).get("name")));
        }
        // a tag only named on an operation is rendered too
        for (Object item : ((Map<String, Object>) doc.get("paths")).values()) {
            for (Object op : ((Map<String, Object>) item).values()) {
                if (op instanceof Map<?, ?> operation && operation.get("tags") instanceof List<?> opTags) {
                    opTags.stream()
                            .map(String::valueOf)
                            .filter(t -> !tags.contains(t))
                            .forEach(tags::add);
                }
            }
        }
        return tags;
    }

    /** The browser to drive, or the test is skipped (failed when CI requires it). */
    private static Path chromium() {
        Optional<Path> found = Stream.concat(
                        Stream.ofNullable(System.getenv("LOCKSTEP_CHROMIUM")).map(Path::of),
                        Stream.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
                                .flatMap(name -> Stream.of(System.getenv("PATH").split(java.io.File.pathSeparator))
                                        .map(dir -> Path.of(dir, name))))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String message = "no Chromium found (PATH, or LOCKSTEP_CHROMIUM): /docs is not checked in a browser;"
                    + " install it with `apt-get install chromium`";
            if ("required".equals(System.getenv("LOCKSTEP_BROWSER_TEST"))) {
                fail(message + " (LOCKSTEP_BROWSER_TEST=required)");
            }
            Assumptions.abort(message);
        }
        return found.get();
    }

    /**
     * Waits for the browser to exit after {@code Browser.close}, else ends it. Debian's
     * {@code chromium} is a launcher script that waits for the browser it starts, so the browser's own
     * processes are ended first.
     */
    private static void stop(Process browser) throws InterruptedException {
        if (browser.waitFor(10, TimeUnit.SECONDS)) {
            return;
        }
        List<ProcessHandle> processes = browser.descendants().toList();
        processes.forEach(ProcessHandle::destroy);
        browser.destroy();
        if (!browser.waitFor(10, TimeUnit.SECONDS)) {
            processes.forEach(ProcessHandle::destroyForcibly);
            browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Just enough of the Chrome DevTools protocol: one browser connection, one page attached in flat
     * mode, commands answered by id, and the page's network events kept.
     */
    private static final class DevTools implements WebSocket.Listener, AutoCloseable {
        private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
        private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
        private final Object eventArrived = new Object();
        private final StringBuilder partial = new StringBuilder();
        private volatile Instant lastNetworkEvent = Instant.now();
        private WebSocket socket;

        /** Reads the endpoint Chromium prints on stderr and connects to it. */
        static DevTools connect(Process browser) throws Exception {
            BufferedReader stderr =
                    new BufferedReader(new InputStreamReader(browser.getErrorStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> endpoint = new CompletableFuture<>();
            Thread drain = new Thread(
                    () -> {
                        try {
                            for (String line; (line = stderr.readLine()) != null; ) {
                                int at = line.indexOf("DevTools listening on ");
                                if (at >= 0) {
                                    endpoint.complete(line.substring(at + "DevTools listening on ".length())
                                            .trim());
                                }
                            }
                            endpoint.completeExceptionally(
                                    new IllegalStateException("Chromium exited without a DevTools endpoint"));
                        } catch (IOException e) {
                            endpoint.completeExceptionally(e);
                        }
                    },
                    "chromium-stderr");
            drain.setDaemon(true);
            drain.start();
            DevTools devTools = new DevTools();
            devTools.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .connectTimeout(CALL_TIMEOUT)
                    .buildAsync(URI.create(endpoint.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)), devTools)
                    .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return devTools;
        }

        /** A new page target, attached in flat mode: returns its session id. */
        String openPage() {
            String targetId = (String) call(null, "Target.createTarget", Map.of("url", "about:blank"))
                    .get("targetId");
            return (String) call(null, "Target.attachToTarget", Map.of("targetId", targetId, "flatten", true))
                    .get("sessionId");
        }

        Map<String, Object> call(String session, String method, Map<String, Object> params) {
            int id = ids.incrementAndGet();
            CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
            pending.put(id, answer);
            Map<String, Object> message = new HashMap<>();
            message.put("id", id);
            message.put("method", method);
            message.put("params", params);
            if (session != null) {
                message.put("sessionId", session);
            }
            try {
                socket.sendText(new String(JSON.writeValueAsBytes(message), StandardCharsets.UTF_8), true)
                        .get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                return answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(method + " failed: " + e, e);
            } finally {
                pending.remove(id);
            }
        }

        /** Every request the page started (Network.requestWillBeSent), in order, with why it failed if it did. */
        @SuppressWarnings("unchecked")
        List<Request> requests(String session) {
            Map<String, String> blocked = new HashMap<>();
            for (Map<String, Object> e : network(session)) {
                Map<String, Object> params = (Map<String, Object>) e.get("params");
                if ("Network.loadingFailed".equals(e.get("method"))) {
                    blocked.put((String) params.get("requestId"), String.valueOf(params.get("blockedReason")));
                }
            }
            List<Request> requests = new ArrayList<>();
            for (Map<String, Object> e : network(session)) {
                Map<String, Object> params = (Map<String, Object>) e.get("params");
                if ("Network.requestWillBeSent".equals(e.get("method"))) {
                    String url = (String) ((Map<String, Object>) params.get("request")).get("url");
                    requests.add(new Request(url, blocked.get((String) params.get("requestId"))));
                }
            }
            return requests;
        }

        /**
         * Waits until every http(s) request the page started has finished or failed and no network event came
         * for {@code quiet} (the page may start requests after it rendered), or {@code atMost} passed.
         */
        @SuppressWarnings("unchecked")
        void awaitNetworkQuiet(String session, Duration quiet, Duration atMost) {
            Instant deadline = Instant.now().plus(atMost);
            while (Instant.now().isBefore(deadline)) {
                Set<Object> open = new HashSet<>();
                for (Map<String, Object> e : network(session)) {
                    Object id = ((Map<String, Object>) e.get("params")).get("requestId");
                    switch (String.valueOf(e.get("method"))) {
                            // a worker's blob: script is finished in the worker's session, not the page's
                        case "Network.requestWillBeSent" -> {
                            String url = (String)
                                    ((Map<String, Object>) ((Map<String, Object>) e.get("params")).get("request"))
                                            .get("url");
                            if (url.startsWith("http")) {
                                open.add(id);
                            }
                        }
                        case "Network.loadingFinished", "Network.loadingFailed" -> open.remove(id);
                        default -> {}
                    }
                }
                if (open.isEmpty() && lastNetworkEvent.plus(quiet).isBefore(Instant.now())) {
                    return;
                }
                awaitEvent(Duration.ofMillis(100));
            }
        }

        private List<Map<String, Object>> network(String session) {
            return events.stream()
                    .filter(e -> session.equals(e.get("sessionId")))
                    .filter(e -> String.valueOf(e.get("method")).startsWith("Network."))
                    .toList();
        }

        /** Waits until the browser sends anything, or the time is over. */
        void awaitEvent(Duration atMost) {
            synchronized (eventArrived) {
                try {
                    eventArrived.wait(atMost.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                Map<String, Object> message = parse(partial.toString());
                partial.setLength(0);
                Object id = message.get("id");
                if (id instanceof Number n) {
                    CompletableFuture<Map<String, Object>> answer = pending.get(n.intValue());
                    if (answer != null) {
                        if (message.get("error") != null) {
                            answer.completeExceptionally(
                                    new IllegalStateException("DevTools error: " + message.get("error")));
                        } else {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> result = (Map<String, Object>) message.get("result");
                            answer.complete(result == null ? Map.of() : result);
                        }
                    }
                } else {
                    events.add(message);
                    if (String.valueOf(message.get("method")).startsWith("Network.")) {
                        lastNetworkEvent = Instant.now();
                    }
                    synchronized (eventArrived) {
                        eventArrived.notifyAll();
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> parse(String json) {
            try {
                return JSON.readValue(json.getBytes(StandardCharsets.UTF_8), Map.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                call(null, "Browser.close", Map.of());
            } catch (IllegalStateException closing) {
                // the connection may drop before the answer: the process is ended by the caller anyway
            }
            socket.abort();
        }
    }
}
