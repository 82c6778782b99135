package dev.lockstep.postgres;

import dev.lockstep.application.BatchSizeMeter;
import dev.lockstep.application.batch.GroupCommit;
import dev.lockstep.domain.DomainException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The group commit of one kind of autocommit statement (a table's gated creates), on the service's
 * one primitive, {@link GroupCommit}: the queue, the cap, the bounded wait and its two answers, the
 * batch-size metric and the one answer per request live there. What is PostgreSQL's is here: a batch
 * is one statement sent in autocommit through {@link PgTransactions} (one round trip, one COMMIT),
 * and the split of a failing batch.
 *
 * <p>Failure isolation: what belongs to one request never fails its batch-mates. Items are built and
 * validated on each caller's own thread before they queue. When the statement still fails for a
 * reason that lies in its rows (a data exception, {@code 22…}, or an integrity constraint, {@code
 * 23…}: nothing was written, the connection is fine), the batch is split in halves and each half sent
 * again, down to the one offending request, which alone gets its error. Any other failure is
 * classified once by {@link PgTransactions} / {@link PgErrors} and is the answer of every request of
 * the statement: {@code storage_unavailable} when nothing was sent, {@code outcome_unknown} when the
 * connection broke after the statement (its commit) was sent.
 *
 * <p>The kinds are the keys: all creates of one table share its batches, whatever their tenant.
 *
 * @param <I> a request's part of the statement (its row, ready to bind)
 * @param <O> what the statement answers for one request
 */
final class PgGroupCommit<I, O> {

    /** The batch cap of the design. */
    static final int MAX_BATCH = GroupCommit.MAX_BATCH;

    /**
     * Statements of one kind in flight at once. With one, every request that arrives during a
     * statement waits for it; with a few, the database works on one batch while another waits for its
     * commit to be flushed.
     */
    static final int LANES = 1;

    /** One statement for the given items, in autocommit on {@code c}: one answer per item, in order. */
    @FunctionalInterface
    interface Statement<I, O> {
        List<O> send(Connection c, List<I> items) throws SQLException;
    }

    private final BatchSizeMeter.Kind kind;
    private final GroupCommit<BatchSizeMeter.Kind, I, O> commits;

    PgGroupCommit(
            BatchSizeMeter.Kind kind,
            PgTransactions tx,
            Statement<I, O> statement,
            BatchSizeMeter meter,
            int maxBatch,
            int lanes,
            Duration bound) {
        this.kind = kind;
        this.commits = new GroupCommit<>(
                kind,
                meter,
                maxBatch,
                lanes,
                bound,
                GroupCommit.Statement.answering((k, items) -> tx.autocommitWrite(c -> statement.send(c, items))),
                PgGroupCommit::inItsRows);
    }

    /**
     * Sends {@code item} in the next statement of this kind and answers what that statement answered
     * for it. Blocks at most the bound while queued.
     */
    O submit(I item) {
        return commits.submit(kind, item);
    }

    /** How many requests wait for a statement right now (tests: a queued caller is observable). */
    int queued() {
        return commits.queued(kind);
    }

    /**
     * A failure that lies in the statement's rows: {@link PgErrors} left a data exception or a broken
     * integrity constraint unclassified (the statement was rolled back on its own, the connection is
     * fine), with the SQL failure as its cause.
     */
    static boolean inItsRows(RuntimeException failure) {
        if (failure instanceof DomainException || !(failure.getCause() instanceof SQLException e)) {
            return false;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }
}
