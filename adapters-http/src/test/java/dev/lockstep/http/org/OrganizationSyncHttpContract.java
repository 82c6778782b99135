package dev.lockstep.http.org;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lockstep.domain.org.Slugs;
import dev.lockstep.http.testing.TestJson;
import dev.lockstep.http.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The IdP webhook and the organization routes, black-box through a real server on each storage,
 * with a fake IdP on loopback (a JDK HttpServer) that refuses the first push and accepts the rest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OrganizationSyncHttpContract {
    private static final String SECRET = "whsec_" + UUID.randomUUID();
    private static final String IDP_API_KEY = "sk_test_" + UUID.randomUUID();
    private static final String READER_KEY = "reader-" + UUID.randomUUID();
    private static final AtomicLong ULID_CLOCK =
            new AtomicLong(Instant.parse("2026-11-01T00:00:00Z").toEpochMilli());
    private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

    private final IdpWebhookSignature signer = new IdpWebhookSignature(SECRET, Duration.ofSeconds(180));
    private final List<FakeIdpCall> idpCalls = new CopyOnWriteArrayList<>();
    private HttpServer fakeIdp;
    private TestServer server;

    /** One request the fake IdP received, and what the organization looked like from outside at that moment. */
    record FakeIdpCall(
            String method, String path, String authorization, String body, int answered, int organizationStatusSeen) {}

    abstract TestServer.Storage storage();

    @BeforeAll
    void start() throws IOException {
        fakeIdp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fakeIdp.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String externalId = String.valueOf(TestJson.parseObject(body).get("external_id"));
            // the push must come after the commit: our own API already shows the organization
            int seen =
                    server.send("GET", "/v1/organizations/" + externalId, null).status();
            int status = idpCalls.isEmpty() ? 503 : 200;
            idpCalls.add(new FakeIdpCall(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body,
                    status,
                    seen));
            byte[] answer = (status == 200 ? "{\"object\":\"organization\"}" : "{\"message\":\"unavailable\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        fakeIdp.start();
        Map<String, Object> props = new HashMap<>();
        props.put("lockstep.idp.webhook-secret", SECRET);
        // with a path prefix (and a trailing slash), as a proxy in front of the IdP would have
        props.put(
                "lockstep.idp.base-url",
                "http://127.0.0.1:" + fakeIdp.getAddress().getPort() + "/idp-api/");
        props.put("lockstep.idp.api-key", IDP_API_KEY);
        props.putAll(TestServer.apiKey(0, "reader", READER_KEY, List.of("*"), false));
        server = TestServer.start(storage(), props);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (fakeIdp != null) {
            fakeIdp.stop(0);
        }
    }

    private static String nextEventId() {
        long ms = ULID_CLOCK.incrementAndGet();
        String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        StringBuilder s = new StringBuilder("event_");
        for (int i = 9; i >= 0; i--) {
            s.append(alphabet.charAt((int) ((ms >>> (5 * i)) & 31)));
        }
        Random r = new Random(ms);
        for (int i = 0; i < 16; i++) {
            s.append(alphabet.charAt(r.nextInt(32)));
        }
        return s.toString();
    }

    private static String newIdpId() {
        return "org_01"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 24).toUpperCase();
    }

    /** A WorkOS-shaped event, with fields Lockstep does not know (they must be ignored). */
    private static String workosEvent(
            String eventId, String type, String idpId, String name, String externalId, Instant updatedAt) {
        Map<String, Object> domain = new LinkedHashMap<>();
        domain.put("object", "organization_domain");
        domain.put("id", "org_domain_01HXYZ");
        domain.put("domain", Slugs.fromName(name) + ".example");
        domain.put("state", "verified");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("object", "organization");
        data.put("id", idpId);
        data.put("name", name);
        data.put("allow_profiles_outside_organization", false);
        data.put("external_id", externalId);
        data.put("metadata", Map.of("tier", "gold"));
        data.put("domains", List.of(domain));
        data.put("created_at", T0.toString());
        data.put("updated_at", updatedAt.toString());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("object", "event");
        event.put("id", eventId);
        event.put("event", type);
        event.put("data", data);
        event.put("created_at", updatedAt.toString());
        // pretty-printed on purpose: the signature covers these exact bytes, not a re-serialization
        return TestJson.write(event).replace(",\"", ",\n  \"");
    }

    private TestServer.Response deliver(String body) {
        return deliver(body, signer.header(body.getBytes(StandardCharsets.UTF_8), Instant.now()));
    }

    private TestServer.Response deliver(String body, String signatureHeader) {
        Map<String, String> headers =
                signatureHeader == null ? Map.of() : Map.of(IdpWebhookSignature.HEADER, signatureHeader);
        return server.send("POST", "/v1/idp/events", body, null, headers);
    }

    private static void assertProblem(TestServer.Response r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.object()).containsEntry("code", code);
    }

    @Test
    void signedOrganizationEventsAreAppliedWithoutAnApiKey() {
        String idp = newIdpId();
        String name = "Crème Brûlée " + UUID.randomUUID().toString().substring(0, 6);
        TestServer.Response created = deliver(workosEvent(nextEventId(), "organization.created", idp, name, null, T0));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.object()).containsEntry("outcome", "created");
        String id = (String) created.object().get("organizationId");

        TestServer.Response org = server.send("GET", "/v1/organizations/" + id, null);
        assertThat(org.status()).as(org.toString()).isEqualTo(200);
        assertThat(org.object())
                .containsEntry("id", id)
                .containsEntry("idpId", idp)
                .containsEntry("name", name)
                .containsEntry("slug", Slugs.fromName(name))
                .containsEntry("deleted", false)
                .containsEntry("domains", List.of(Slugs.fromName(name) + ".example"))
                .containsEntry("idpUpdatedAt", T0.toString())
                .containsKeys("lastEventId", "createdAt", "updatedAt");
        assertThat(org.object()).doesNotContainKey("externalIdPushPending");

        TestServer.Response bySlug = server.send("GET", "/v1/organizations?slug=" + Slugs.fromName(name), null);
        assertThat(bySlug.status()).isEqualTo(200);
        assertThat(bySlug.object()).containsEntry("nextCursor", null);
        assertThat((List<?>) bySlug.object().get("items")).hasSize(1);

        String renamed = "Renamed " + name;
        TestServer.Response updated =
                deliver(workosEvent(nextEventId(), "organization.updated", idp, renamed, id, T0.plusSeconds(5)));
        assertThat(updated.object()).containsEntry("outcome", "updated").containsEntry("organizationId", id);
        assertThat(server.send("GET", "/v1/organizations/" + id, null).object())
                .containsEntry("name", renamed)
                .containsEntry("slug", Slugs.fromName(name));

        TestServer.Response deleted =
                deliver(workosEvent(nextEventId(), "organization.deleted", idp, renamed, id, T0.plusSeconds(5)));
        assertThat(deleted.object()).containsEntry("outcome", "deleted");
        assertThat(server.send("GET", "/v1/organizations/" + id, null).object()).containsEntry("deleted", true);
    }

    @Test
    void duplicateAndStaleDeliveriesAreSkipped() {
        String idp = newIdpId();
        String name = "Hooli " + UUID.randomUUID().toString().substring(0, 6);
        String create = workosEvent(nextEventId(), "organization.created", idp, name, null, T0);
        String olderUpdate =
                workosEvent(nextEventId(), "organization.updated", idp, name + " old", null, T0.plusSeconds(1));
        String newerUpdate =
                workosEvent(nextEventId(), "organization.updated", idp, name + " new", null, T0.plusSeconds(2));
        assertThat(deliver(newerUpdate).object()).containsEntry("outcome", "created");
        assertThat(deliver(newerUpdate).object()).containsEntry("outcome", "skipped_duplicate");
        assertThat(deliver(olderUpdate).object()).containsEntry("outcome", "skipped_stale");
        assertThat(deliver(create).object()).containsEntry("outcome", "skipped_stale");
    }

    @Test
    void signatureMustMatchTheRawBodyTheSecretAndTheTime() {
        String idp = newIdpId();
        String body = workosEvent(nextEventId(), "organization.created", idp, "Forged Corp", null, T0);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        assertProblem(
                deliver(
                        body,
                        new IdpWebhookSignature("wrong-secret", Duration.ofSeconds(180)).header(bytes, Instant.now())),
                401,
                "unauthorized");
        assertProblem(
                deliver(body.replace("Forged Corp", "Tampered Corp"), signer.header(bytes, Instant.now())),
                401,
                "unauthorized");
        assertProblem(deliver(body, signer.header(bytes, Instant.now().minusSeconds(181))), 401, "unauthorized");
        assertProblem(deliver(body, null), 401, "unauthorized");
        assertProblem(deliver(body, "t=" + Instant.now().toEpochMilli() + ", v1=zz"), 401, "unauthorized");
        // none of those reached the store
        assertThat(server.send("GET", "/v1/organizations?slug=forged-corp", null)
                        .object()
                        .get("items"))
                .isEqualTo(List.of());
        assertThat(server.send("GET", "/v1/organizations?slug=tampered-corp", null)
                        .object()
                        .get("items"))
                .isEqualTo(List.of());

        assertThat(deliver(body).object()).containsEntry("outcome", "created");
    }

    @Test
    void bodyThatIsNotJsonIsUnsupportedMediaType() {
        String body = workosEvent(nextEventId(), "organization.created", newIdpId(), "Plain Text Corp", null, T0);
        String header = signer.header(body.getBytes(StandardCharsets.UTF_8), Instant.now());
        TestServer.Response r = server.send(
                "POST",
                "/v1/idp/events",
                body,
                null,
                Map.of(IdpWebhookSignature.HEADER, header, "Content-Type", "text/plain"));
        assertProblem(r, 415, "unsupported_media_type");
    }

    @Test
    void otherEventTypesAreIgnored() {
        String body = "{\"id\":\"" + nextEventId()
                + "\",\"event\":\"user.created\",\"data\":{\"object\":\"user\",\"id\":\"user_01\"}}";
        TestServer.Response r = deliver(body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.object()).isEqualTo(Map.of("outcome", "ignored"));
    }

    @Test
    void malformedOrganizationEventsAreValidationProblems() {
        assertProblem(deliver("{not json"), 400, "validation_failed");
        TestServer.Response noName = deliver(
                "{\"id\":\"" + nextEventId()
                        + "\",\"event\":\"organization.created\",\"data\":{\"id\":\"org_x\",\"updated_at\":\"2026-11-01T09:00:00Z\"}}");
        assertProblem(noName, 400, "validation_failed");
        assertThat(noName.body()).contains("\"/data/name\"");
        TestServer.Response badExternalId =
                deliver(workosEvent(nextEventId(), "organization.created", newIdpId(), "Tyrell", "crm-4711", T0));
        assertProblem(badExternalId, 400, "validation_failed");
        assertThat(badExternalId.body()).contains("\"/data/external_id\"");
    }

    @Test
    void organizationRoutesAreAdminOnly() {
        String id = UUID.randomUUID().toString();
        assertProblem(server.send("GET", "/v1/organizations/" + id, null, null), 401, "unauthorized");
        assertProblem(server.send("GET", "/v1/organizations/" + id, null, READER_KEY), 403, "forbidden");
        assertProblem(server.send("GET", "/v1/organizations?slug=acme", null, READER_KEY), 403, "forbidden");
        assertProblem(server.send("GET", "/v1/organizations/" + id, null), 404, "not_found");
        assertProblem(server.send("GET", "/v1/organizations/not-a-uuid", null), 400, "validation_failed");
        assertProblem(server.send("GET", "/v1/organizations?slug=Not%20A%20Slug", null), 400, "validation_failed");
        assertProblem(server.send("GET", "/v1/organizations", null), 400, "validation_failed");
    }

    @Test
    void ourIdIsPushedAfterCommitAndAFailedPushIsRetriedWithTheNextEvent() {
        String idp = newIdpId();
        String name = "Oscorp " + UUID.randomUUID().toString().substring(0, 6);
        int before = (int)
                idpCalls.stream().filter(c -> c.path().endsWith("/" + idp)).count();
        assertThat(before).isZero();
        idpCalls.clear(); // the fake IdP refuses the first call it gets after this

        String create = workosEvent(nextEventId(), "organization.created", idp, name, null, T0);
        String id = (String) deliver(create).object().get("organizationId");
        assertThat(idpCalls).hasSize(1);
        FakeIdpCall first = idpCalls.get(0);
        assertThat(first.method()).isEqualTo("PUT");
        assertThat(first.path()).isEqualTo("/idp-api/organizations/" + idp);
        assertThat(first.authorization()).isEqualTo("Bearer " + IDP_API_KEY);
        assertThat(TestJson.parseObject(first.body())).isEqualTo(Map.of("external_id", id));
        assertThat(first.organizationStatusSeen())
                .as("visible from outside when pushed, i.e. committed")
                .isEqualTo(200);
        assertThat(first.answered()).isEqualTo(503);
        assertThat(server.send("GET", "/metrics", null, null).body())
                .containsPattern("lockstep_idp_push_failures_total(\\{[^}]*\\})? [1-9]");

        // the next event of the organization retries it, even a duplicate delivery that is skipped
        assertThat(deliver(create).object()).containsEntry("outcome", "skipped_duplicate");
        assertThat(idpCalls).hasSize(2);
        assertThat(idpCalls.get(1).answered()).isEqualTo(200);
        assertThat(idpCalls.get(1).body()).isEqualTo(first.body());

        // pushed: no further calls
        deliver(workosEvent(nextEventId(), "organization.updated", idp, name, id, T0.plusSeconds(2)));
        assertThat(idpCalls).hasSize(2);
    }

    @Test
    void endpointAnswersNotConfiguredWithoutAWebhookSecret() {
        try (TestServer unconfigured = TestServer.start(TestServer.Storage.MEMORY)) {
            String body = workosEvent(nextEventId(), "organization.created", newIdpId(), "Nobody", null, T0);
            TestServer.Response r = unconfigured.send(
                    "POST",
                    "/v1/idp/events",
                    body,
                    null,
                    Map.of(
                            IdpWebhookSignature.HEADER,
                            signer.header(body.getBytes(StandardCharsets.UTF_8), Instant.now())));
            assertProblem(r, 503, "idp_sync_not_configured");
        }
    }
}
