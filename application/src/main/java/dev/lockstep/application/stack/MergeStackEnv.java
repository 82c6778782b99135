package dev.lockstep.application.stack;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.application.StorageSettings;
import dev.lockstep.application.batch.GroupCommit;
import dev.lockstep.application.idempotency.Idempotency;
import dev.lockstep.domain.DomainException;
import dev.lockstep.domain.TenantId;
import dev.lockstep.domain.idempotency.IdempotencyScope;
import dev.lockstep.domain.log.AuditAction;
import dev.lockstep.domain.log.ChangeRows;
import dev.lockstep.domain.log.DeletionKind;
import dev.lockstep.domain.stack.EnvMerge;
import dev.lockstep.domain.stack.EnvPatch;
import dev.lockstep.domain.stack.EnvStep;
import dev.lockstep.domain.stack.Slug;
import dev.lockstep.domain.tenant.TenantUnit;
import dev.lockstep.domain.tenant.TenantWriteLocks;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code PATCH …/stacks/{slug}/env}: merges a patch into the stack's env under the tenant's shared
 * lock and then the stack's row lock (lock order tenant → scope → row), and records {@code
 * stack.env.update} with the counts in the same unit of work. Every rejection (invalid, missing,
 * deleting, too large, lock not granted, purge in progress) leaves neither a change nor an audit
 * event.
 *
 * <p>Concurrent merges of one stack on this instance share one unit: the service's group commit
 * ({@link GroupCommit}), keyed by (tenant, slug), with {@link #runBatch} as the batch's statement. A
 * lone merge runs at once; those arriving while one is in flight run next together — one tenant
 * try-lock, one row lock, each patch applied in arrival order with its own cap check, its own audit
 * event, its own key handling and its own answer (the env after its own patch), then one UPDATE and
 * one COMMIT. The batch runs on the thread of the merge that leads it, which may be another request's.
 *
 * <p>What belongs to one request never fails its batch-mates: its key's refusal (replay, reuse, in
 * progress) and its cap check are its own outcomes, and a failure of the unit that is no domain
 * outcome (it may belong to one request, e.g. an answer that cannot be rendered) splits the batch in
 * halves down to that request. The outcomes of the stack or the unit (not_found, stack_deleting,
 * lock_timeout, tenant_write_conflict, storage errors) go to every member that got that far, as each
 * would have got them alone. A merge still queued at its bound answers storage_unavailable (nothing
 * of it ran); one whose unit was running then answers outcome_unknown.
 */
@Singleton
public final class MergeStackEnv {
    /** Beyond the storage's own bounds, how long a queued merge waits for its batch at most. */
    static final Duration WAIT_MARGIN = Duration.ofSeconds(5);

    private final TenantWriteLocks locks;
    private final GroupCommit<StackKey, Request, EnvMerge> batches;

    /** Without a metric: plain-Java users and tests. */
    public MergeStackEnv(TenantWriteLocks locks, StorageSettings settings) {
        this(locks, settings, BatchSizeMeter.NONE);
    }

    /**
     * @param batchSizes told the number of merges of every unit before it runs (1 for a lone
     *     merge), as {@link BatchSizeMeter.Kind#STACK_ENV_MERGE}: the group-commit batch-size metric
     */
    @Inject
    public MergeStackEnv(TenantWriteLocks locks, StorageSettings settings, BatchSizeMeter batchSizes) {
        this.locks = locks;
        // a queued merge waits for the unit in flight and then its own, each bounded by a connection
        // wait and the row lock wait (the tenant lock and the key claim never wait)
        Duration oneUnit = settings.connectionWait().plus(settings.envLockTimeout());
        this.batches = new GroupCommit<>(
                BatchSizeMeter.Kind.STACK_ENV_MERGE,
                batchSizes,
                oneUnit.multipliedBy(2).plus(WAIT_MARGIN),
                this::runBatch,
                failure -> !(failure instanceof DomainException));
    }

    /** The batches' key: the merges of one stack. */
    private record StackKey(TenantId tenant, Slug slug) {}

    /** One request in a batch. */
    private record Request(EnvPatch patch, Idempotency<EnvMerge> idempotency) {}

    /**
     * @param env the decoded {@code env} member (string or null values)
     * @throws dev.lockstep.domain.DomainException {@code validation_failed}, {@code not_found},
     *     {@code stack_deleting}, {@code env_too_large}, {@code lock_timeout},
     *     {@code tenant_write_conflict}
     */
    public EnvMerge merge(TenantId tenant, String slug, Map<String, ?> env) {
        return merge(tenant, slug, env, Idempotency.none());
    }

    /**
     * {@link #merge(TenantId, String, Map)} under the request's {@code Idempotency-Key}.
     *
     * @throws dev.lockstep.application.idempotency.IdempotentReplay when the keyed request already ran
     */
    public EnvMerge merge(TenantId tenant, String slug, Map<String, ?> env, Idempotency<EnvMerge> idempotency) {
        Slug s = Slug.of(slug);
        EnvPatch patch = EnvPatch.fromJson(env);
        return batches.submit(new StackKey(tenant, s), new Request(patch, idempotency));
    }

    /** How many merges of the stack wait behind the unit in flight on this instance (an observation). */
    public int queuedMerges(TenantId tenant, String slug) {
        return batches.queued(new StackKey(tenant, Slug.of(slug)));
    }

    /**
     * The statement of one batch: one unit for all of its merges. A failure of the unit that is no
     * domain outcome is thrown (the batch is split); a domain outcome is every member's answer but
     * for a key refusal, which was decided on committed answers whatever became of the unit.
     */
    private List<GroupCommit.Outcome<EnvMerge>> runBatch(StackKey key, List<Request> batch) {
        Outcomes outcomes = new Outcomes(batch.size());
        try {
            locks.write(key.tenant(), unit -> {
                outcomes.clear(); // the unit's work starts over if the storage runs it again
                runUnit(unit, key.tenant(), key.slug(), batch, outcomes);
                return null;
            });
        } catch (DomainException e) {
            return outcomes.failed(e);
        }
        return outcomes.done();
    }

    private static void runUnit(TenantUnit unit, TenantId tenant, Slug slug, List<Request> batch, Outcomes outcomes) {
        // 1. every key, in arrival order, before the row lock (lock order scope → row); a refusal is
        //    returned, never thrown, so it ends only its own request
        List<Integer> admitted = new ArrayList<>();
        List<EnvPatch> patches = new ArrayList<>();
        Set<IdempotencyScope> admittedScopes = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            Request r = batch.get(i);
            Optional<IdempotencyScope> scope = r.idempotency().scope();
            if (scope.isPresent() && admittedScopes.contains(scope.get())) {
                // a key already running in this batch: the later request finds it running, as it would
                // find another unit holding the claim
                outcomes.admission[i] = DomainException.requestInProgress();
                continue;
            }
            RuntimeException refusal = r.idempotency().admit(unit);
            if (refusal != null) {
                outcomes.admission[i] = refusal;
                continue;
            }
            scope.ifPresent(admittedScopes::add);
            admitted.add(i);
            patches.add(r.patch());
        }
        if (admitted.isEmpty()) {
            return;
        }
        // 2. one row lock, every patch in order with its own cap check, one UPDATE
        List<EnvStep> steps = unit.stacks().mergeEnvInOrder(tenant, slug, patches);
        // 3. each landed patch: its audit event and its stored answer, in this unit
        for (int k = 0; k < admitted.size(); k++) {
            int i = admitted.get(k);
            EnvStep step = steps.get(k);
            if (!step.landed()) {
                outcomes.skipped[i] = step.refused();
                continue;
            }
            EnvMerge merge = step.merge();
            Idempotency<EnvMerge> idempotency = batch.get(i).idempotency();
            Idempotency.Answer answer = idempotency.render(merge);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("keysSet", (long) merge.keysSet());
            details.put("keysDeleted", (long) merge.keysDeleted());
            unit.auditLog().record(tenant, AuditAction.STACK_ENV_UPDATE, slug.value(), details);
            // one change-feed entry per landed patch, in batch order, each with the env it left
            unit.deletionLog().upserted(tenant, DeletionKind.STACK, slug.value(), ChangeRows.stack(step.stack()));
            idempotency.save(unit, answer);
            outcomes.merged[i] = merge;
        }
    }

    /** What each member of a batch got: its key's refusal, its cap refusal, or its merge. */
    private static final class Outcomes {
        final RuntimeException[] admission;
        final RuntimeException[] skipped;
        final EnvMerge[] merged;

        Outcomes(int size) {
            admission = new RuntimeException[size];
            skipped = new RuntimeException[size];
            merged = new EnvMerge[size];
        }

        void clear() {
            Arrays.fill(admission, null);
            Arrays.fill(skipped, null);
            Arrays.fill(merged, null);
        }

        /** The unit committed: each member's refusal or its merge. */
        List<GroupCommit.Outcome<EnvMerge>> done() {
            List<GroupCommit.Outcome<EnvMerge>> all = new ArrayList<>(merged.length);
            for (int i = 0; i < merged.length; i++) {
                RuntimeException own = admission[i] != null ? admission[i] : skipped[i];
                all.add(own != null ? GroupCommit.Outcome.failed(own) : GroupCommit.Outcome.of(merged[i]));
            }
            return all;
        }

        /** The unit failed with {@code e}: each member's key refusal, else {@code e}. */
        List<GroupCommit.Outcome<EnvMerge>> failed(RuntimeException e) {
            List<GroupCommit.Outcome<EnvMerge>> all = new ArrayList<>(admission.length);
            for (RuntimeException own : admission) {
                all.add(GroupCommit.Outcome.failed(own != null ? own : e));
            }
            return all;
        }
    }
}
