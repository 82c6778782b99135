package dev.lockstep.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.stack.CreateStack;
import dev.lockstep.application.stack.DeleteStack;
import dev.lockstep.application.stack.TearDownStack;
import dev.lockstep.application.stack.TeardownSettings;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.log.DeletionLogEntry;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.postgres.testing.PostgresFixture;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A stack left {@code deleting} when the process died is torn down by a storage started afterwards:
 * the teardown's work list is the {@code deleting} rows themselves, not anything held in memory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresStackTeardownAfterRestartTest {
    private final PostgresFixture fixture = new PostgresFixture();

    @AfterAll
    void close() {
        fixture.close();
    }

    @Test
    void aStackLeftDeletingBeforeARestartIsTornDownByTheNextInstance() {
        TenantId tenant = TenantId.of("t-" + UUID.randomUUID());
        StoragePorts before = fixture.storage(StorageSettings.defaults());
        new CreateStack(before.tenantWriteLocks()).create(tenant, "orphan", null);
        new DeleteStack(before.tenantWriteLocks()).delete(tenant, "orphan");
        // "crash": the first instance is gone before its teardown ran (nothing of it is used again)

        StoragePorts after = fixture.storage(StorageSettings.defaults());
        TearDownStack.Round round = new TearDownStack(
                        after.stackQueries(),
                        after.tenantWriteLocks(),
                        Clock.systemUTC(),
                        new TeardownSettings(Duration.ZERO))
                .runDue();

        assertThat(round.removed()).isEqualTo(1);
        assertThat(after.stackQueries().find(tenant, Slug.of("orphan"))).isEmpty();
        assertThat(after.changeLogQueries().deletionsAfter(tenant, 0, 10))
                .extracting(DeletionLogEntry::kind, DeletionLogEntry::id)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DeletionKind.STACK, "orphan"));
    }
}
