-- The change feed in the in-memory storage, as PostgreSQL's V10: the deletion log holds every change
-- of tenant-owned data, a removal with op 'delete' (no row; its one seq read by /deletions and
-- /changes alike), a create or update with op 'upsert' and the row as its GET route answers it
-- (compact JSON text, rendered at write time). Numbered as before: one counter at COMMIT.
ALTER TABLE deletion_log ADD COLUMN op VARCHAR(8) DEFAULT 'delete' NOT NULL;
ALTER TABLE deletion_log ADD COLUMN row_data CHARACTER VARYING;
ALTER TABLE deletion_log ADD CONSTRAINT deletion_log_op_row CHECK (
  (op = 'delete' AND row_data IS NULL) OR (op = 'upsert' AND row_data IS NOT NULL AND kind <> 'tenant'));
CREATE INDEX deletion_log_deletions ON deletion_log (tenant_id, op, seq);
