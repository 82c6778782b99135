package dev.lockstep.sync;

import java.util.List;

/**
 * One answer of {@code GET /changes?after=}: the entries after the cursor, and the cursor to pass
 * next ({@code nextSeq}: the last entry's seq, or {@code after} when nothing is new).
 */
public record ChangePage(List<Change> items, long nextSeq) {
    public ChangePage {
        items = List.copyOf(items);
    }

    /**
     * Checks what the feed promises about a page asked for with {@code after}: seqs strictly increasing
     * and all above {@code after}, {@code nextSeq} the last of them (or {@code after} when empty). A
     * page that breaks this is never applied: the mirror could not say where it stands.
     *
     * @throws SyncFailure when the page breaks the contract
     */
    void check(String tenant, long after) throws SyncFailure {
        long previous = after;
        for (Change c : items) {
            if (c.seq() <= previous) {
                throw new SyncFailure("tenant " + tenant + ": the feed broke its order: entry seq " + c.seq()
                        + " after seq " + previous + " (asked for after=" + after + ")");
            }
            previous = c.seq();
        }
        if (nextSeq != previous) {
            throw new SyncFailure("tenant " + tenant + ": the feed answered nextSeq " + nextSeq
                    + " but its last entry is at " + previous + " (asked for after=" + after + ")");
        }
    }
}
