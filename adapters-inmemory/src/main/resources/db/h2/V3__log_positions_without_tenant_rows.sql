-- Log positions no longer come from one row per tenant held through COMMIT: the storage hands them
-- out from one counter at COMMIT and readers stop below the oldest unit still committing
-- (InMemoryLogPositions), so two units of one tenant never wait for each other. The counter starts
-- above the highest seq in deletion_log and audit_log; that is every tenant's last_seq, because a
-- purge's tenant entry took the next seq of its tenant. So the old rows have nothing more to say.
DROP TABLE tenant_log_seq;
