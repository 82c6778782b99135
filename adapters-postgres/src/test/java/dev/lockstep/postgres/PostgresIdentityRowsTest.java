package dev.lockstep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.identity.CreateIdentity;
import dev.lockstep.application.identity.CreateSession;
import dev.lockstep.application.identity.DeleteIdentity;
import dev.lockstep.application.identity.RatelimitInput;
import dev.lockstep.application.ids.UuidIdGenerator;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.identity.Identity;
import dev.lockstep.domain.identity.IdentityRef;
import dev.lockstep.domain.identity.Ratelimit;
import dev.lockstep.domain.identity.RefreshToken;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLogEntry;
import dev.lockstep.postgres.testing.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the PostgreSQL adapter keeps in its tables, seen through a raw connection: one deleted
 * generation, ratelimits kept on it, refresh tokens only as hashes, and the unique-violation retry
 * of the soft delete.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresIdentityRowsTest {
    private PostgresFixture fixture;
    private StoragePorts storage;
    private CreateIdentity create;
    private DeleteIdentity delete;
    private CreateSession createSession;

    @BeforeAll
    void open() {
        fixture = new PostgresFixture();
        storage = fixture.storage(StorageSettings.defaults());
        create = new CreateIdentity(storage.tenantWriteLocks(), new UuidIdGenerator(), Clock.systemUTC());
        delete = new DeleteIdentity(storage.tenantWriteLocks(), Clock.systemUTC());
        createSession = new CreateSession(storage.tenantWriteLocks(), new UuidIdGenerator(), Clock.systemUTC());
    }

    @AfterAll
    void close() {
        fixture.close();
    }

    private static TenantId newTenant() {
        return TenantId.of("t-" + UUID.randomUUID());
    }

    private long count(String sql, Object... params) throws SQLException {
        try (Connection c = fixture.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void onlyOneDeletedGenerationIsKeptWithItsRatelimits() throws SQLException {
        TenantId tenant = newTenant();
        Identity last = null;
        for (int i = 0; i < 3; i++) {
            last = create.create(
                    tenant, new CreateIdentity.Command("g", null, List.of(new RatelimitInput("r", 1L, 1000L, true))));
            delete.delete(tenant, "g");
        }
        assertThat(count("SELECT count(*) FROM identities WHERE tenant_id = ? AND external_id = 'g'", tenant.value()))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM identities WHERE id = ? AND deleted", last.id()))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ratelimits WHERE identity_id = ?", last.id()))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM ratelimits r JOIN identities i ON i.id = r.identity_id WHERE i.tenant_id = ?",
                        tenant.value()))
                .isEqualTo(1);
    }

    @Test
    void aReadReturnsEachRatelimitAsItsRowHoldsIt() throws SQLException {
        TenantId tenant = newTenant();
        Identity created = create.create(
                tenant,
                new CreateIdentity.Command(
                        "rl",
                        null,
                        List.of(
                                new RatelimitInput("api", 500L, 60_000L, true),
                                new RatelimitInput("login \"quoted\" \u00e9", 5L, 1_000L, false))));
        Identity read =
                storage.identityQueries().find(tenant, IdentityRef.of("rl")).orElseThrow();
        List<Ratelimit> rows = new ArrayList<>();
        try (Connection c = fixture.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, name, request_limit, duration_ms, auto_apply, created_at, updated_at"
                                + " FROM ratelimits WHERE identity_id = ?")) {
            ps.setObject(1, created.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Ratelimit(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getBoolean(5),
                            rs.getObject(6, OffsetDateTime.class).toInstant(),
                            rs.getObject(7, OffsetDateTime.class).toInstant()));
                }
            }
        }
        assertThat(rows).hasSize(2);
        assertThat(read.ratelimits()).containsExactlyInAnyOrderElementsOf(rows);
        assertThat(read.ratelimits())
                .extracting(Ratelimit::name)
                .containsExactlyInAnyOrder("api", "login \"quoted\" \u00e9");
        assertThat(storage.identityQueries()
                        .find(tenant, IdentityRef.of(created.id().toString())))
                .contains(read);
    }

    @Test
    void refreshTokensAreStoredOnlyAsTheirSha256() throws SQLException {
        TenantId tenant = newTenant();
        create.create(tenant, new CreateIdentity.Command("s", null, null));
        CreateSession.Created created = createSession.create(tenant, "s");
        String token = created.refreshToken().reveal();
        try (Connection c = fixture.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT s::text, token_hash FROM sessions s WHERE id = ?")) {
            ps.setObject(1, created.session().id());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).doesNotContain(token);
                assertThat(rs.getString(2))
                        .isEqualTo(RefreshToken.presented(token).hash())
                        .hasSize(64);
            }
        }
    }

    @Test
    void softDeleteRetriesWhenAnotherDeletedGenerationCommitsBetweenItsStatements() throws Exception {
        TenantId tenant = newTenant();
        Identity target = create.create(tenant, new CreateIdentity.Command("u", null, null));
        UUID intruder = UUID.randomUUID();
        // the race is forced: a second connection inserts a deleted generation of the same externalId
        // and keeps it uncommitted, so the delete's cleanup does not see it and its soft delete must
        // wait on the unique index; the insert then commits, the soft delete hits the unique
        // violation, and the store must retry inside its transaction instead of failing
        try (Connection other = fixture.database().connect()) {
            other.setAutoCommit(false);
            try (PreparedStatement ps = other.prepareStatement(
                    "INSERT INTO identities (id, tenant_id, external_id, deleted, deleted_at, created_at, updated_at)"
                            + " VALUES (?, ?, 'u', true, now(), now(), now())")) {
                ps.setObject(1, intruder);
                ps.setString(2, tenant.value());
                ps.executeUpdate();
            }
            CompletableFuture<Void> deleting = CompletableFuture.runAsync(() -> delete.delete(tenant, "u"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (count(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE identities SET deleted%'")
                    == 0) {
                assertThat(System.nanoTime())
                        .as("the soft delete waits on the uncommitted generation")
                        .isLessThan(deadline);
                Thread.sleep(10);
            }
            other.commit();
            deleting.get(10, TimeUnit.SECONDS);
        }
        assertThat(count("SELECT count(*) FROM identities WHERE tenant_id = ? AND external_id = 'u'", tenant.value()))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM identities WHERE id = ? AND deleted", target.id()))
                .isEqualTo(1);
        assertThat(storage.changeLogQueries().deletionsAfter(tenant, 0, 10))
                .extracting(DeletionLogEntry::kind, DeletionLogEntry::id)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        DeletionKind.IDENTITY, target.id().toString()));
    }
}
