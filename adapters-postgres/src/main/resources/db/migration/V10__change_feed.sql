-- The change feed (API.md, "Change feed"): the deletion log becomes the tenant's log of every change
-- of tenant-owned data. A removal stays the one entry it was (op 'delete', no row) and so keeps its
-- one seq, read by /deletions and /changes alike; a create or update adds an entry with op 'upsert'
-- and the row as its kind's GET route answers it, rendered at write time (ChangeRows).
--
-- Same positions, same reader rule as V9: an entry's seq is lockstep_log_position(xid) + ordinal,
-- written in the writing transaction (buffered and sent with COMMIT; a gated create inserts its
-- entry in its own single statement), read only below lockstep_log_horizon().
--
-- Adding the columns with a constant default rewrites nothing; every existing row is a deletion.
ALTER TABLE deletion_log
  ADD COLUMN op       text  NOT NULL DEFAULT 'delete',
  ADD COLUMN row_data jsonb;

ALTER TABLE deletion_log
  ADD CONSTRAINT deletion_log_op_row CHECK (
    (op = 'delete' AND row_data IS NULL)
    OR (op = 'upsert' AND row_data IS NOT NULL AND kind <> 'tenant'));

-- /deletions reads only the removals: by this index it skips the upserts between them instead of
-- filtering them out of the primary-key range (tenant_id, seq). Upserts, the hot writes, pay nothing
-- for it.
CREATE INDEX deletion_log_deletions ON deletion_log (tenant_id, seq) WHERE op = 'delete';
