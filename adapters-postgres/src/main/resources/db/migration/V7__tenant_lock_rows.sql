-- The row-based tenant write lock (lockstep.tenant.lock = row), for setups where advisory locks do
-- not serialize a tenant's writes (several coordinators, a sharded database): the lock is a row of
-- the tenant, so it lives where the tenant's data lives (distributed by tenant_id, colocated).
--
-- tenant_locks: one row per tenant, made on the tenant's first write and never updated or deleted,
-- not even by a purge. Writers take it FOR SHARE NOWAIT; a purge takes it FOR UPDATE under its
-- lock_timeout.
CREATE TABLE tenant_locks (
  tenant_id text PRIMARY KEY
);

-- tenant_purge_queue: one row per purge waiting for a tenant's lock, committed before the purge
-- queues FOR UPDATE. PostgreSQL lets a new FOR SHARE pass a FOR UPDATE that waits behind other
-- sharers, so "a queued purge refuses new writers" is this row: a writer's gate sees it and refuses.
-- The purge removes its row when it is granted (in its own transaction) or gives up; queued_until
-- bounds the row's effect when its instance dies in between.
CREATE TABLE tenant_purge_queue (
  tenant_id    text        NOT NULL,
  purge_id     uuid        NOT NULL,
  queued_until timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, purge_id)
);
