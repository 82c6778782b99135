-- Log positions no longer come from one row per tenant held through COMMIT: the storage hands them
-- out from one counter at COMMIT and readers stop below the oldest unit still committing
-- (InMemoryLogPositions), so two units of one tenant never wait for each other. The counter starts
-- above the highest seq in deletion_log and audit_log; that is every tenant's last_seq, because a
-- purge's tenant entry took the next seq of its tenant. So the old rows have nothing more to say.
DROP TABLE tenant_log_seq;

-- The highest seq of each log, read once when a storage opens: through these, not a scan of every
-- entry (a file with a million entries took 2 s to scan).
CREATE INDEX deletion_log_by_seq ON deletion_log (seq);
CREATE INDEX audit_log_by_seq ON audit_log (seq);
