package dev.lockstep.inmemory;

import dev.lockstep.application.StoragePorts;
import dev.lockstep.application.contract.StackEnvContract;
import dev.lockstep.application.contract.StorageFixture;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.stack.EnvPatch;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.stack.StackStatus;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

class InMemoryStackEnvTest extends StackEnvContract {
    @Override
    protected StorageFixture createFixture() {
        return new InMemoryFixture();
    }

    /**
     * In memory "another client" can only be another unit of work of this storage: it takes the
     * stack's row lock with a merge that changes nothing, parks on another thread, and rolls back when
     * closed.
     */
    @Override
    protected HeldRowLock holdStackRowLock(StoragePorts storage, TenantId tenant, Slug slug) {
        EnvPatch nothing = EnvPatch.fromJson(Collections.singletonMap("HELD_BY_TEST", null));
        // a write that changes nothing and is rolled back: an empty merge for an active stack, the
        // idempotent mark for one already being torn down (a merge would refuse it)
        boolean deleting = storage.stackQueries()
                .find(tenant, slug)
                .map(st -> st.status() == StackStatus.DELETING)
                .orElse(false);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            try {
                storage.tenantWriteLocks().write(tenant, unit -> {
                    if (deleting) {
                        unit.stacks().markDeleting(tenant, slug);
                    } else {
                        unit.stacks().mergeEnv(tenant, slug, nothing);
                    }
                    holding.countDown();
                    await(release);
                    throw new RolledBack();
                });
            } catch (RolledBack expected) {
                // the hold leaves nothing behind
            }
        });
        awaitOrFail(holding, holder);
        return () -> {
            release.countDown();
            holder.join();
        };
    }

    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("the test's row-lock hold ends", null, false, false);
        }
    }
}
