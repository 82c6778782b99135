package dev.lockstep.sync.converge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The writers: {@code writers} threads for {@code duration}, each picking one kind of write after
 * another on one of two tenants, so every write the change feed carries happens concurrently with the
 * others: identity creates, updates (ratelimits added, changed, removed) and deletes over a small
 * pool of externalIds (so create → delete → create of one externalId, and the removal of an older
 * deleted generation, happen all the time); session creates, single revokes, and revoke-all racing
 * sign-outs of the same sessions; feedback record creates, updates, deletes and GDPR deletes of a
 * user across tenants; webhook creates, updates, deletes and moves between the two tenants; stack
 * creates, env PATCHes and deletes (teardowns follow). A purger purges each tenant once, at a quarter
 * and at half of the run, so each tenant has rows written after its purge and rows from before it
 * that the purge removed.
 *
 * <p>What the writers learn (ids, tokens) is only a pool to pick the next target from; answers such
 * as 404 (a row another writer removed) and 409 (a purge in progress, a taken externalId) are
 * expected and counted. A 500 or a request with no answer is not.
 */
final class Load {
    /** A session as its create answered it; its refresh token is how the check asks whether it is still there. */
    record Session(String tenant, String id, String identityId, String createdAt, String refreshToken) {}

    private final Api api;
    private final Api admin;
    private final List<String> tenants;
    private final String run;
    private final Map<String, Set<String>> identityIds = new ConcurrentHashMap<>(); // tenant -> ids
    private final Map<String, List<Session>> sessionsByIdentity = new ConcurrentHashMap<>();
    final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> records = new ConcurrentHashMap<>();
    private final Map<String, String> webhookTenant = new ConcurrentHashMap<>();
    final AtomicInteger purges = new AtomicInteger();
    final AtomicInteger sessionCreatesWithoutAnswer = new AtomicInteger();
    private final ExecutorService racers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "load-racer");
        t.setDaemon(true);
        return t;
    });

    private static final String[] RATELIMIT_NAMES = {"api", "login", "burst", "export"};
    private static final String[] EVENT_TYPES = {
        "identity.create", "identity.delete", "stack.env.update", "tenant.purge"
    };

    Load(Api api, Api admin, List<String> tenants, String run) {
        this.api = api;
        this.admin = admin;
        this.tenants = List.copyOf(tenants);
        this.run = run;
        for (String t : tenants) {
            identityIds.put(t, ConcurrentHashMap.newKeySet());
            records.put(t, ConcurrentHashMap.newKeySet());
        }
    }

    /** One kind of write, with its weight in the mix. */
    private record Op(String name, int weight, Consumer<Random> action) {}

    private List<Op> mix() {
        return List.of(
                new Op("identity.create", 12, this::createIdentity),
                new Op("identity.update", 10, this::updateIdentity),
                new Op("identity.delete", 6, this::deleteIdentity),
                new Op("session.create", 10, this::createSession),
                new Op("session.race", 4, this::revokeAllRacingSignOuts),
                new Op("session.delete", 2, this::deleteSession),
                new Op("feedback.create", 10, this::createRecord),
                new Op("feedback.update", 6, this::updateRecord),
                new Op("feedback.delete", 4, this::deleteRecord),
                new Op("feedback.gdpr", 1, this::gdprDelete),
                new Op("webhook.create", 5, this::createWebhook),
                new Op("webhook.update", 4, this::updateWebhook),
                new Op("webhook.move", 5, this::moveWebhook),
                new Op("webhook.delete", 2, this::deleteWebhook),
                new Op("stack.create", 5, this::createStack),
                new Op("stack.env", 12, this::patchEnv),
                new Op("stack.delete", 3, this::deleteStack));
    }

    /**
     * Runs the writers and the purger for at least {@code duration}, and on until {@code done} says
     * the run has seen what it came for (on a loaded machine that can take longer), but never past
     * {@code cap}; returns when all of them have stopped.
     */
    void run(int writers, Duration duration, BooleanSupplier done, Duration cap) throws Exception {
        List<Op> mix = mix();
        int totalWeight = mix.stream().mapToInt(Op::weight).sum();
        Instant least = Instant.now().plus(duration);
        Instant most = Instant.now().plus(cap);
        ExecutorService threads = Executors.newFixedThreadPool(writers + 1);
        List<Future<?>> running = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int w = 0; w < writers; w++) {
            long seed = ThreadLocalRandom.current().nextLong();
            running.add(threads.submit(() -> {
                Random random = new Random(seed);
                go.await();
                while (Instant.now().isBefore(least) || (Instant.now().isBefore(most) && !done.getAsBoolean())) {
                    int pick = random.nextInt(totalWeight);
                    for (Op op : mix) {
                        pick -= op.weight();
                        if (pick < 0) {
                            op.action().accept(random);
                            break;
                        }
                    }
                }
                return null;
            }));
        }
        Instant start = Instant.now();
        running.add(threads.submit(() -> {
            go.await();
            for (int i = 0; i < tenants.size() && i < 2; i++) {
                Instant at = start.plus(duration.multipliedBy(i + 1).dividedBy(4));
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), at).toMillis()));
                purge(tenants.get(i));
            }
            return null;
        }));
        go.countDown();
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
            racers.shutdownNow();
        }
    }

    private String tenant(Random r) {
        return tenants.get(r.nextInt(tenants.size()));
    }

    private static <T> T any(Set<T> set, Random r) {
        List<T> copy = new ArrayList<>(set);
        return copy.isEmpty() ? null : copy.get(r.nextInt(copy.size()));
    }

    private static ObjectNode object() {
        return Api.JSON.createObjectNode();
    }

    private ArrayNode ratelimits(Random r) {
        ArrayNode out = Api.JSON.createArrayNode();
        for (String name : RATELIMIT_NAMES) {
            if (r.nextInt(3) > 0) {
                out.addObject()
                        .put("name", name)
                        .put("limit", 1 + r.nextInt(1000))
                        .put("durationMs", 1000L * (1 + r.nextInt(3600)))
                        .put("autoApply", r.nextBoolean());
            }
        }
        return out;
    }

    private ObjectNode meta(Random r) {
        ObjectNode m = object().put("n", r.nextInt(1_000_000)).put("plan", r.nextBoolean() ? "pro" : "free");
        m.putObject("nested").putArray("tags").add("t" + r.nextInt(5)).add(r.nextInt(100));
        return m;
    }

    // identities: a pool of 12 externalIds per tenant, so generations come and go

    private void createIdentity(Random r) {
        String t = tenant(r);
        ObjectNode body = object().put("externalId", "user-" + r.nextInt(12));
        body.set("meta", meta(r));
        body.set("ratelimits", ratelimits(r));
        Api.Answer a = api.post("identity.create", "/v1/tenants/" + t + "/identities", body);
        if (a.is(201)) {
            identityIds.get(t).add(a.body().path("id").asText());
        }
    }

    private void updateIdentity(Random r) {
        String t = tenant(r);
        String id = any(identityIds.get(t), r);
        if (id == null) {
            createIdentity(r);
            return;
        }
        ObjectNode body = object();
        if (r.nextBoolean()) {
            body.set("meta", meta(r));
        }
        body.set("ratelimits", ratelimits(r));
        Api.Answer a = api.patch("identity.update", "/v1/tenants/" + t + "/identities/" + id, body);
        if (a.is(404)) {
            identityIds.get(t).remove(id);
        }
    }

    private void deleteIdentity(Random r) {
        String t = tenant(r);
        // by externalId half of the time: whichever generation is active goes
        String ref = r.nextBoolean() ? "user-" + r.nextInt(12) : any(identityIds.get(t), r);
        if (ref == null) {
            return;
        }
        Api.Answer a = api.delete("identity.delete", "/v1/tenants/" + t + "/identities/" + ref);
        if (a.is(404) || a.is(204)) {
            identityIds.get(t).remove(ref);
        }
    }

    // sessions

    private Session createSession(Random r, String t, String identityId) {
        Api.Answer a = api.post("session.create", "/v1/tenants/" + t + "/identities/" + identityId + "/sessions", null);
        if (a.is(201)) {
            Session s = new Session(
                    t,
                    a.body().path("id").asText(),
                    identityId,
                    a.body().path("createdAt").asText(),
                    a.body().path("refreshToken").asText());
            sessions.add(s);
            sessionsByIdentity
                    .computeIfAbsent(identityId, k -> new CopyOnWriteArrayList<>())
                    .add(s);
            return s;
        }
        if (a.is(0)) {
            sessionCreatesWithoutAnswer.incrementAndGet();
        } else if (a.is(404)) {
            identityIds.get(t).remove(identityId);
        }
        return null;
    }

    private void createSession(Random r) {
        String t = tenant(r);
        String id = any(identityIds.get(t), r);
        if (id != null) {
            createSession(r, t, id);
        }
    }

    /**
     * A revoke-all and sign-outs (and a single revoke) of the same identity's sessions, released at
     * once from a latch so they hit the server together.
     */
    private void revokeAllRacingSignOuts(Random r) {
        String t = tenant(r);
        String identity = any(identityIds.get(t), r);
        if (identity == null) {
            return;
        }
        List<Session> mine = new ArrayList<>(sessionsByIdentity.getOrDefault(identity, List.of()));
        while (mine.size() < 3) {
            Session s = createSession(r, t, identity);
            if (s == null) {
                return;
            }
            mine.add(s);
        }
        List<Session> targets = mine.subList(mine.size() - 3, mine.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> racing = new ArrayList<>();
        racing.add(racers.submit(() -> {
            go.await();
            return api.delete("session.revokeAll", "/v1/tenants/" + t + "/identities/" + identity + "/sessions");
        }));
        racing.add(racers.submit(() -> {
            go.await();
            return api.signOut("session.signOut", targets.get(0).refreshToken());
        }));
        racing.add(racers.submit(() -> {
            go.await();
            return api.signOut("session.signOut", targets.get(1).refreshToken());
        }));
        racing.add(racers.submit(() -> {
            go.await();
            return api.delete(
                    "session.delete",
                    "/v1/tenants/" + t + "/identities/" + identity + "/sessions/"
                            + targets.get(2).id());
        }));
        go.countDown();
        for (Future<?> f : racing) {
            try {
                f.get();
            } catch (Exception e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        sessionsByIdentity.remove(identity);
    }

    private void deleteSession(Random r) {
        if (sessions.isEmpty()) {
            return;
        }
        Session s = sessions.get(r.nextInt(sessions.size()));
        api.delete(
                "session.delete",
                "/v1/tenants/" + s.tenant() + "/identities/" + s.identityId() + "/sessions/" + s.id());
    }

    // feedback records

    private String user(Random r) {
        return run + "-u" + r.nextInt(6);
    }

    private void createRecord(Random r) {
        String t = tenant(r);
        ObjectNode body = object().put("userId", user(r));
        body.putObject("payload").put("text", "feedback " + r.nextInt(1000)).put("score", r.nextInt(5));
        Api.Answer a = api.post("feedback.create", "/v1/tenants/" + t + "/feedback-records", body);
        if (a.is(201)) {
            records.get(t).add(a.body().path("id").asText());
        }
    }

    private void updateRecord(Random r) {
        String t = tenant(r);
        String id = any(records.get(t), r);
        if (id == null) {
            return;
        }
        ObjectNode body = object();
        body.putObject("payload")
                .put("text", "edited " + r.nextInt(1000))
                .putArray("seen")
                .add(r.nextInt(9));
        Api.Answer a = api.patch("feedback.update", "/v1/tenants/" + t + "/feedback-records/" + id, body);
        if (a.is(404)) {
            records.get(t).remove(id);
        }
    }

    private void deleteRecord(Random r) {
        String t = tenant(r);
        String id = any(records.get(t), r);
        if (id == null) {
            return;
        }
        Api.Answer a = api.delete("feedback.delete", "/v1/tenants/" + t + "/feedback-records/" + id);
        if (a.is(204) || a.is(404)) {
            records.get(t).remove(id);
        }
    }

    private void gdprDelete(Random r) {
        admin.delete("feedback.gdpr", "/v1/users/" + user(r) + "/feedback-records");
    }

    // webhooks

    private void createWebhook(Random r) {
        String t = tenant(r);
        ObjectNode body = object().put("url", "https://hooks.example.org/" + run + "/" + r.nextInt(100_000));
        ArrayNode types = body.putArray("eventTypes");
        for (String type : EVENT_TYPES) {
            if (r.nextBoolean()) {
                types.add(type);
            }
        }
        body.put("enabled", r.nextBoolean());
        Api.Answer a = api.post("webhook.create", "/v1/tenants/" + t + "/webhooks", body);
        if (a.is(201)) {
            webhookTenant.put(a.body().path("id").asText(), t);
        }
    }

    private Map.Entry<String, String> anyWebhook(Random r) {
        List<Map.Entry<String, String>> all = new ArrayList<>(webhookTenant.entrySet());
        return all.isEmpty() ? null : all.get(r.nextInt(all.size()));
    }

    private void updateWebhook(Random r) {
        Map.Entry<String, String> w = anyWebhook(r);
        if (w == null) {
            return;
        }
        ObjectNode body = object().put("enabled", r.nextBoolean());
        if (r.nextBoolean()) {
            body.put("url", "https://hooks.example.org/" + run + "/edited/" + r.nextInt(100_000));
        }
        Api.Answer a = api.patch("webhook.update", "/v1/tenants/" + w.getValue() + "/webhooks/" + w.getKey(), body);
        if (a.is(404)) {
            webhookTenant.remove(w.getKey(), w.getValue());
        }
    }

    private void moveWebhook(Random r) {
        Map.Entry<String, String> w = anyWebhook(r);
        if (w == null) {
            return;
        }
        String from = w.getValue();
        String to = tenants.get((tenants.indexOf(from) + 1) % tenants.size());
        Api.Answer a = api.patch(
                "webhook.move", "/v1/tenants/" + from + "/webhooks/" + w.getKey(), object().put("tenantId", to));
        if (a.is(200)) {
            webhookTenant.replace(w.getKey(), from, to);
        } else if (a.is(404)) {
            webhookTenant.remove(w.getKey(), from);
        }
    }

    private void deleteWebhook(Random r) {
        Map.Entry<String, String> w = anyWebhook(r);
        if (w == null) {
            return;
        }
        Api.Answer a = api.delete("webhook.delete", "/v1/tenants/" + w.getValue() + "/webhooks/" + w.getKey());
        if (a.is(204) || a.is(404)) {
            webhookTenant.remove(w.getKey(), w.getValue());
        }
    }

    // stacks: a pool of 10 slugs per tenant

    private void createStack(Random r) {
        String t = tenant(r);
        ObjectNode body = object().put("slug", "s-" + r.nextInt(10));
        body.putObject("env").put("REGION", "eu-" + r.nextInt(3)).put("LOG_LEVEL", "info");
        api.post("stack.create", "/v1/tenants/" + t + "/stacks", body);
    }

    private void patchEnv(Random r) {
        String t = tenant(r);
        ObjectNode env = object();
        for (int i = 0; i < 3; i++) {
            String name = "K" + r.nextInt(8);
            if (r.nextInt(4) == 0) {
                env.putNull(name);
            } else {
                env.put(name, "v" + r.nextInt(100));
            }
        }
        ObjectNode body = object();
        body.set("env", env);
        api.patch("stack.env", "/v1/tenants/" + t + "/stacks/s-" + r.nextInt(10) + "/env", body);
    }

    private void deleteStack(Random r) {
        String t = tenant(r);
        api.delete("stack.delete", "/v1/tenants/" + t + "/stacks/s-" + r.nextInt(10));
    }

    // purges

    private void purge(String tenant) throws InterruptedException {
        for (int attempt = 0; attempt < 50; attempt++) {
            Api.Answer a = admin.delete("tenant.purge", "/v1/tenants/" + tenant + "/data");
            if (a.is(200)) {
                purges.incrementAndGet();
                return;
            }
            Thread.sleep(100);
        }
    }

    /** Sessions by tenant, for the check. */
    Map<String, List<Session>> sessionsByTenant() {
        Map<String, List<Session>> out = new ConcurrentHashMap<>();
        for (Session s : sessions) {
            out.computeIfAbsent(s.tenant(), k -> new ArrayList<>()).add(s);
        }
        return out;
    }

    static JsonNode sessionRow(Session s) {
        return object().put("id", s.id()).put("identityId", s.identityId()).put("createdAt", s.createdAt());
    }
}
